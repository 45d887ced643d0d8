package io.jsuper.jsuperd.api.xmlrpc;

import io.jsuper.jsuperd.api.ApiReply;
import io.jsuper.jsuperd.api.RawBody;
import io.jsuper.jsuperd.core.SupervisorControl;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code POST /RPC2}: supervisord's XML-RPC on jsuper's listeners. Faults (including malformed XML) are
 * HTTP 200 with a {@code <fault>}, as XML-RPC clients expect; the body size is bounded by the listener.
 */
public final class XmlRpcEndpoint {

    public static final String PATH = "/RPC2";
    static final long TIMEOUT_SECONDS = 60;

    private XmlRpcEndpoint() {
    }

    public static CompletableFuture<ApiReply> handle(byte[] body, SupervisorControl control, String version) {
        return handle(body, control, RemoteCommEvents.NONE, version);
    }

    /** {@code remoteEvents}: where {@code supervisor.sendRemoteCommEvent} publishes. */
    public static CompletableFuture<ApiReply> handle(byte[] body, SupervisorControl control,
                                                     RemoteCommEvents remoteEvents, String version) {
        XmlRpcCall call;
        try {
            call = XmlRpcParser.parse(body);
        } catch (XmlRpcFault f) {
            return CompletableFuture.completedFuture(reply(XmlRpcWriter.fault(f.code(), f.getMessage())));
        }
        return new SupervisorRpc(control, remoteEvents, version).call(call)
                .orTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .handle((ok, err) -> {
                    if (err == null) {
                        return reply(XmlRpcWriter.response(ok));
                    }
                    XmlRpcFault f = SupervisorRpc.fault(err instanceof java.util.concurrent.TimeoutException
                            || err.getCause() instanceof java.util.concurrent.TimeoutException
                            ? new XmlRpcFault(XmlRpcFault.FAILED, "FAILED", "no answer within " + TIMEOUT_SECONDS
                            + " s; the operation goes on") : err);
                    return reply(XmlRpcWriter.fault(f.code(), f.getMessage()));
                });
    }

    private static ApiReply reply(byte[] xml) {
        return ApiReply.ok(new RawBody(xml, "text/xml"));
    }
}
