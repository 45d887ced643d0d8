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
    void changeOnTheSameAddress_closesTheOldCopyFirstWhenTheAddressIsBusy_andNoProcessHoldsIt() throws IOException {
        sockets.bindAll(config(tcp("web", 8000)));
        int old = sockets.fds().get(0);
        opener.busyWhileOpen = true;
        sockets.apply(config(blocking(tcp("web", 8000))), false);
        assertEquals(List.of(old), opener.closed);
        assertTrue(sockets.list().get(0).config().blocking());
    }

    /** Regression: the old code closed jsuperd's copy, failed to bind, and lost the socket for every later process. */
    @Test
    void changeOnTheSameAddress_whileProcessesHoldIt_failsAndKeepsTheSocket() throws IOException {
        sockets.bindAll(config(tcp("web", 8000)));
        List<Integer> before = sockets.fds();
        opener.busyWhileOpen = true;
        IOException e = assertThrows(IOException.class, () -> sockets.apply(config(blocking(tcp("web", 8000))), true));
        assertTrue(e.getMessage().contains("still held by running processes"), e.getMessage());
        assertEquals(List.of(), opener.closed);
        assertEquals(before, sockets.fds());
        assertEquals(List.of("web"), sockets.names());
    }

    @Test
    void backlogChange_isAppliedInPlace_sameDescriptor_notRebound() throws IOException {
        sockets.bindAll(config(tcp("web", 8000), tcp("api", 8001)));
        List<Integer> before = sockets.fds();
        SocketConfig bigger = withBacklog(tcp("web", 8000), 4096);
        DaemonSockets.Changes changes = sockets.apply(config(bigger, tcp("api", 8001)), true);
        assertEquals(List.of("web"), changes.updatedInPlace());
        assertEquals(List.of(), changes.rebound());
        assertEquals(before, sockets.fds());
        assertEquals(List.of(), opener.closed);
        assertEquals(List.of("web"), opener.updated);
        assertEquals(4096, sockets.list().get(0).config().backlog());
        assertEquals(List.of("web", "api"), sockets.names());
    }

    @Test
    void handedOverSockets_areAdoptedWhenUnchanged_closedAndBoundAnewWhenChanged() throws IOException {
        sockets.bindAll(config(tcp("web", 8000), tcp("api", 8001), tcp("gone", 8002)));
        List<Integer> fds = sockets.fds();
        SocketHandOver.Plan plan = sockets.handOver(4242);
        assertEquals(fds, plan.fds());
        assertEquals(List.of(), sockets.names());
        assertEquals(List.of(), opener.closed); // handed over, not closed

        FakeOpener next = new FakeOpener();
        next.next = 200;
        DaemonSockets fresh = new DaemonSockets(next);
        Map<String, SocketHandOver.Handed> handed = SocketHandOver.parse(plan.value(), 4242, p -> {
            throw new AssertionError(p);
        });
        fresh.bindAll(config(tcp("web", 8000), tcp("api", 9001)), handed);
        assertEquals(List.of(fds.get(0), 200), fresh.fds()); // web kept, api bound anew
        assertEquals(List.of(fds.get(0)), next.adopted);
        assertEquals(List.of(fds.get(1), fds.get(2)), next.closed); // changed api and removed gone
    }

    @Test
    void handOverVariable_forAnotherPid_orMalformed_adoptsNothing() {
        List<String> problems = new ArrayList<>();
        assertEquals(Map.of(), SocketHandOver.parse("pid=1;web:5:abc", 2, problems::add));
        assertEquals(Map.of(), SocketHandOver.parse("pid=2;web:x:abc", 2, problems::add));
        assertEquals(Map.of(), SocketHandOver.parse("pid=2;web:1:abc", 2, problems::add)); // never stdin/out/err
        assertEquals(3, problems.size(), problems.toString());
        assertEquals(Map.of(), SocketHandOver.parse(null, 2, problems::add));
        assertEquals(Map.of("a:b", new SocketHandOver.Handed(7, "f")), SocketHandOver.parse("pid=2;a:b:7:f", 2, problems::add));
    }

    private static SocketConfig blocking(SocketConfig s) {
        return new SocketConfig(s.name(), s.family(), s.type(), s.host(), s.port(), s.path(), s.backlog(), s.umask(),
                s.soReuseport(), s.iface(), s.replace(), true);
    }

    private static SocketConfig withBacklog(SocketConfig s, int backlog) {
        return new SocketConfig(s.name(), s.family(), s.type(), s.host(), s.port(), s.path(), backlog, s.umask(),
                s.soReuseport(), s.iface(), s.replace(), s.blocking());
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
        final List<Integer> adopted = new ArrayList<>();
        final List<String> updated = new ArrayList<>();
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
        public DaemonSockets.Bound adopt(SocketConfig config, int fd) {
            adopted.add(fd);
            open.put(fd, config.address());
            return new DaemonSockets.Bound(config, fd, config.address());
        }

        @Override
        public void updateInPlace(DaemonSockets.Bound bound, SocketConfig next) {
            updated.add(next.name());
        }

        @Override
        public void close(int fd) {
            closed.add(fd);
            open.remove(fd);
        }
    }
}
