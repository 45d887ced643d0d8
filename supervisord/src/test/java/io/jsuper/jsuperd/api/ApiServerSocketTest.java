package io.jsuper.jsuperd.api;

import io.jsuper.jsuperd.config.ConnectionLimits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The socket file's life: mode, group, stale and live predecessors, removal on stop, idle connections. */
class ApiServerSocketTest {
    @TempDir
    Path dir;
    final FakeControl control = new FakeControl();
    ApiServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
        control.close();
    }

    private Path sock() {
        return dir.resolve("jsuperd.sock");
    }

    @Test
    void socketFile_mode0600_andRemovedOnStop() throws Exception {
        server = new ApiServer(ApiSettings.unixOnly(sock()), control);
        server.start();
        assertTrue(SocketFile.isSocket(sock()));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(sock(), LinkOption.NOFOLLOW_LINKS)));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "staging directory must be gone");
        }
        server.stop();
        assertTrue(Files.notExists(sock(), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void socketGroup_mode0660_andGroupSet() throws Exception {
        String group = Files.readAttributes(dir, PosixFileAttributes.class).group().getName();
        server = new ApiServer(new ApiSettings(sock(), Optional.of(group), Optional.empty(), Optional.empty()), control);
        server.start();
        PosixFileAttributes attrs = Files.readAttributes(sock(), PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        assertEquals("rw-rw----", PosixFilePermissions.toString(attrs.permissions()));
        assertEquals(group, attrs.group().getName());
    }

    @Test
    void unknownGroup_failsClearly() {
        server = new ApiServer(new ApiSettings(sock(), Optional.of("no-such-group-xyz"), Optional.empty(),
                Optional.empty()), control);
        IOException e = assertThrows(IOException.class, server::start);
        assertTrue(e.getMessage().contains("no-such-group-xyz"), e.getMessage());
        assertTrue(Files.notExists(sock(), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void staleSocket_isReplaced() throws Exception {
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(sock()));
        } // closed: the file stays, connecting to it is refused
        assertTrue(Files.exists(sock(), LinkOption.NOFOLLOW_LINKS));
        server = new ApiServer(ApiSettings.unixOnly(sock()), control);
        server.start();
        try (RawHttp http = RawHttp.unix(sock())) {
            assertEquals(200, http.request("GET", "/version").status());
        }
    }

    @Test
    void liveSocket_refusesToStart() throws Exception {
        try (ServerSocketChannel live = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            live.bind(UnixDomainSocketAddress.of(sock()));
            server = new ApiServer(ApiSettings.unixOnly(sock()), control);
            IOException e = assertThrows(IOException.class, server::start);
            assertEquals("another jsuperd is listening on " + sock(), e.getMessage());
            assertTrue(Files.exists(sock(), LinkOption.NOFOLLOW_LINKS), "the live socket must stay");
        }
    }

    @Test
    void secondServerOnSameSocket_refused_firstKeepsWorking() throws Exception {
        server = new ApiServer(ApiSettings.unixOnly(sock()), control);
        server.start();
        ApiServer second = new ApiServer(ApiSettings.unixOnly(sock()), control);
        assertThrows(IOException.class, second::start);
        second.stop();
        try (RawHttp http = RawHttp.unix(sock())) {
            assertEquals(200, http.request("GET", "/version").status());
        }
    }

    @Test
    void regularFileAtSocketPath_isNotDeleted() throws Exception {
        Files.writeString(sock(), "precious");
        server = new ApiServer(ApiSettings.unixOnly(sock()), control);
        IOException e = assertThrows(IOException.class, server::start);
        assertTrue(e.getMessage().contains("not a socket"));
        assertEquals("precious", Files.readString(sock()));
    }

    @Test
    void missingDirectory_failsClearly() {
        server = new ApiServer(ApiSettings.unixOnly(dir.resolve("nope/jsuperd.sock")), control);
        IOException e = assertThrows(IOException.class, server::start);
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void idleConnection_isClosed() throws Exception {
        server = new ApiServer(ApiSettings.unixOnly(sock()).withLimits(ConnectionLimits.defaults().withIdleTimeout(Duration.ofMillis(200))), control);
        server.start();
        try (RawHttp http = RawHttp.unix(sock())) {
            assertEquals(200, http.request("GET", "/version").status());
            assertTrue(http.closedByPeer()); // blocks until the idle guard closes it
        }
    }

    @Test
    void idleGuard_sparesARequestInFlight() throws Exception {
        control.hang = true;
        server = new ApiServer(ApiSettings.unixOnly(sock()).withLimits(ConnectionLimits.defaults().withIdleTimeout(Duration.ofMillis(200))), control);
        server.start();
        try (RawHttp http = RawHttp.unix(sock())) {
            RawHttp.Response r = http.request("POST", "/services/web/start?wait=true&timeout=1");
            assertEquals(504, r.status());
        }
    }
}
