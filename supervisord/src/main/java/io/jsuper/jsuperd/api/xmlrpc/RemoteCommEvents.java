package io.jsuper.jsuperd.api.xmlrpc;

import java.util.concurrent.CompletableFuture;

/**
 * Where {@code supervisor.sendRemoteCommEvent} goes: the daemon's event listener pools. All the XML-RPC needs of
 * them, so that it does not depend on the listener machinery.
 */
@FunctionalInterface
public interface RemoteCommEvents {

    /**
     * Publishes one REMOTE_COMMUNICATION event (payload {@code type:TYPE\nDATA}, as supervisord's) to the pools
     * subscribed to it; completes once it is queued there (nobody subscribed: dropped, as in supervisord).
     */
    CompletableFuture<Void> send(String type, String data);

    /** No listener pools (tests of the API): the event goes nowhere, as when no pool subscribes. */
    RemoteCommEvents NONE = (type, data) -> CompletableFuture.completedFuture(null);
}
