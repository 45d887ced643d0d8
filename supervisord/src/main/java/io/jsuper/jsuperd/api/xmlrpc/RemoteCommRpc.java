package io.jsuper.jsuperd.api.xmlrpc;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * supervisord's {@code supervisor.sendRemoteCommEvent(type, data)}: a REMOTE_COMMUNICATION event for the event
 * listeners that subscribed to it; {@code true}, as supervisord answers.
 */
final class RemoteCommRpc {
    static final String METHOD = "supervisor.sendRemoteCommEvent";
    static final String HELP = "Send an event that will be received by event listener subprocesses subscribing "
            + "to REMOTE_COMMUNICATION (payload \"type:TYPE\\nDATA\").\n\n"
            + "@param  string  type  String for the \"type\" key in the event header\n"
            + "@param  string  data  Data for the event body\n"
            + "@return boolean       Always return True unless error";
    static final List<String> SIGNATURE = List.of("boolean", "string", "string");

    private final RemoteCommEvents events;

    RemoteCommRpc(RemoteCommEvents events) {
        this.events = events;
    }

    void register(Map<String, Function<XmlRpcCall, CompletableFuture<Object>>> methods) {
        methods.put(METHOD, c -> {
            if (c.params().size() != 2) {
                throw new XmlRpcFault(XmlRpcFault.INCORRECT_PARAMETERS, "INCORRECT_PARAMETERS",
                        METHOD + " takes two parameters, type and data");
            }
            return events.send(text(c, 0), text(c, 1)).thenApply(v -> (Object) true);
        });
    }

    /** supervisord formats both with %s: a string as it is, an int as its digits. */
    private static String text(XmlRpcCall c, int index) {
        Object v = c.params().get(index);
        if (v instanceof Integer i) {
            return Integer.toString(i);
        }
        return c.string(index);
    }
}
