package io.jsuper.jsuperd.sockets;

import io.jsuper.jsuperd.config.SocketConfig;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which sockets a reload binds, keeps, rebinds and closes; a failed bind changes nothing. */
class DaemonSocketsTest {
    private final FakeOpener opener = new FakeOpener();
    private final DaemonSockets sockets = new DaemonSockets(opener);

    @Test
    void unchangedSocket_keepsItsDescriptorAcrossReloads() throws IOException {
        sockets.bindAll(config(tcp("web", 8000)));
        int fd = sockets.fds().get(0);
        DaemonSockets.Changes changes = sockets.apply(config(tcp("web", 8000)));
        assertEquals(List.of(fd), sockets.fds());
        assertTrue(!changes.any());
        assertEquals(List.of(), opener.closed);
    }

    @Test
    void changedSocket_isRebound_andTheOldCopyClosed() throws IOException {
        sockets.bindAll(config(tcp("web", 8000), tcp("api", 8001)));
        int oldWeb = sockets.fds().get(0);
        DaemonSockets.Changes changes = sockets.apply(config(tcp("web", 9000), tcp("api", 8001)));
        assertEquals(List.of("web"), changes.rebound());
        assertEquals(List.of(oldWeb), opener.closed);
        assertEquals(List.of("web", "api"), sockets.names());
    }

    @Test
    void removedSocket_isClosed_addedOneBound() throws IOException {
        sockets.bindAll(config(tcp("web", 8000)));
        int oldWeb = sockets.fds().get(0);
        DaemonSockets.Changes changes = sockets.apply(config(tcp("api", 8001)));
        assertEquals(List.of("api"), changes.added());
        assertEquals(List.of("web"), changes.closed());
        assertEquals(List.of(oldWeb), opener.closed);
    }

    @Test
    void failedBind_changesNothing_andClosesWhatItBound() throws IOException {
        sockets.bindAll(config(tcp("web", 8000)));
        List<Integer> before = sockets.fds();
        opener.refusePort = 80;
        IOException e = assertThrows(IOException.class, () -> sockets.apply(config(tcp("web", 8000), tcp("api", 8001), tcp("root", 80))));
        assertTrue(e.getMessage().startsWith("socket root: bind 127.0.0.1:80: Permission denied"), e.getMessage());
        assertEquals(before, sockets.fds());
        assertEquals(1, opener.closed.size()); // api, bound before root failed
    }

    @Test
    void changeOnTheSameAddress_closesTheOldCopyFirstWhenTheAddressIsBusy() throws IOException {
        sockets.bindAll(config(tcp("web", 8000)));
        int old = sockets.fds().get(0);
        opener.busyWhileOpen = true;
        SocketConfig changed = new SocketConfig("web", SocketConfig.Family.INET, SocketConfig.Type.STREAM, "127.0.0.1",
                8000, Optional.empty(), 10, 0117, false, Optional.empty(), false, false);
        sockets.apply(config(changed));
        assertEquals(List.of(old), opener.closed);
        assertEquals(10, sockets.list().get(0).config().backlog());
    }

    private static SocketConfig tcp(String name, int port) {
        return new SocketConfig(name, SocketConfig.Family.INET, SocketConfig.Type.STREAM, "127.0.0.1", port,
                Optional.empty(), 2048, 0117, false, Optional.empty(), false, false);
    }

    private static Map<String, SocketConfig> config(SocketConfig... sockets) {
        Map<String, SocketConfig> m = new LinkedHashMap<>();
        for (SocketConfig s : sockets) {
            m.put(s.name(), s);
        }
        return m;
    }

    /** Hands out increasing fds; refuses one port; optionally says EADDRINUSE while the same address is open. */
    private static final class FakeOpener implements DaemonSockets.Opener {
        final List<Integer> closed = new ArrayList<>();
        final Map<Integer, String> open = new LinkedHashMap<>();
        int next = 100;
        int refusePort = -1;
        boolean busyWhileOpen;

        @Override
        public DaemonSockets.Bound open(SocketConfig config) throws IOException {
            if (config.port() == refusePort) {
                throw new IOException("bind " + config.address() + ": Permission denied");
            }
            if (busyWhileOpen && open.containsValue(config.address())) {
                throw new IOException("bind " + config.address() + ": Address already in use");
            }
            int fd = next++;
            open.put(fd, config.address());
            return new DaemonSockets.Bound(config, fd, config.address());
        }

        @Override
        public void close(int fd) {
            closed.add(fd);
            open.remove(fd);
        }
    }
}
