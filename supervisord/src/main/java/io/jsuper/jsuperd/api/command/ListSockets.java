package io.jsuper.jsuperd.api.command;

import io.jsuper.jsuperd.api.ApiCommand;
import io.jsuper.jsuperd.api.ApiReply;
import io.jsuper.jsuperd.api.ApiRequest;
import io.jsuper.jsuperd.core.SocketInfo;
import io.jsuper.jsuperd.core.SupervisorControl;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** {@code GET /sockets}: the daemon-owned sockets, their descriptors and the watchers that use them. */
public final class ListSockets implements ApiCommand {
    @Override
    public CompletableFuture<ApiReply> execute(ApiRequest request, SupervisorControl control) {
        return control.sockets().thenApply(list -> ApiReply.ok(Map.of("sockets", list.stream().map(ListSockets::json).toList())));
    }

    private static Map<String, Object> json(SocketInfo s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.name());
        m.put("address", s.address());
        m.put("fd", s.fd());
        m.put("child_fd", s.childFd());
        m.put("users", List.copyOf(s.users()));
        m.put("queued", s.queued());
        return m;
    }
}
