package io.jsuper.e2e;

import io.jsuper.e2e.DaemonHarness.Ctl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

/** The control socket file's life (mode, a second daemon, a stale file) and the init-style wrapper. */
class SocketAndInitE2ETest extends DaemonE2ETest {
    private static final String WATCHERS = """
            [watcher:jsinitweb]
            cmd = sleep 1000
            startsecs = 0
            """;

    private DaemonHarness second;

    @AfterEach
    void stopSecondDaemon() throws Exception {
        if (second != null) {
            second.close();
        }
    }

    @Test
    void socketIsOwnerOnly_byDefault() throws Exception {
        jsuperd = new DaemonHarness(tmp, WATCHERS).start();
        assertTrue(Files.readAttributes(jsuperd.socket, PosixFileAttributes.class).isOther(), "a socket, not a file");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(jsuperd.socket)));
        // No staging directory is left next to it.
        // (jsuperd.sock.procs, the process ledger of docs/containment.md, appears once a process ran.)
        assertEquals(List.of("daemon.log", "jsuperd.ini", "jsuperd.pid", "jsuperd.sock", "logs"),
                DaemonHarness.list(tmp).stream().map(p -> p.getFileName().toString())
                        .filter(name -> !name.equals("jsuperd.sock.procs")).toList());
    }

    @Test
    void socketGroup_makesTheSocketGroupReadableAndWritable() throws Exception {
        String group = Files.readAttributes(tmp, PosixFileAttributes.class).group().getName();
        jsuperd = new DaemonHarness(tmp, "socket_group = " + group + "\n", WATCHERS).start();
        assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(jsuperd.socket)));
        assertEquals(group, Files.readAttributes(jsuperd.socket, PosixFileAttributes.class).group().getName());
    }

    @Test
    void secondDaemonOnTheSameSocket_refusesToStart_andTheFirstKeepsRunning() throws Exception {
        jsuperd = new DaemonHarness(tmp, WATCHERS).start();
        jsuperd.awaitState("jsinitweb", 1, "RUNNING");
        long pid = jsuperd.pidOf("jsinitweb", 1);
        Path otherDir = Files.createDirectory(tmp.resolve("other"));
        second = new DaemonHarness(otherDir, jsuperd.socket, "", "[watcher:other]\ncmd = sleep 1000\nstartsecs = 0\n");
        Path log = otherDir.resolve("second.log");
        Process p = second.startRaw(log);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "second daemon exits");
        String out = Files.readString(log);
        assertNotEquals(0, p.exitValue(), out);
        assertTrue(out.contains("another jsuperd is listening on " + jsuperd.socket), out);

        assertTrue(jsuperd.process().isAlive());
        assertTrue(Files.exists(jsuperd.socket), "the first daemon's socket was not removed");
        assertEquals("ok", jsuperd.get("/health").get("status").asText());
        assertEquals(1, jsuperd.services().size(), "still the first daemon answering");
        assertEquals(pid, jsuperd.pidOf("jsinitweb", 1));
        assertEquals(0, jsuperd.ctl("status").exit());
    }

    @Test
    void staleSocketOfAKilledDaemon_isReplacedByTheNextStart() throws Exception {
        jsuperd = new DaemonHarness(tmp, WATCHERS).start();
        jsuperd.awaitState("jsinitweb", 1, "RUNNING");
        long child = jsuperd.pidOf("jsinitweb", 1);
        List<Long> descendants = Processes.descendantsOf(jsuperd.pid());
        descendants.forEach(jsuperd::remember);

        Processes.kill(jsuperd.pid(), "KILL");
        assertTrue(jsuperd.process().waitFor(10, TimeUnit.SECONDS));
        for (long pid : descendants) { // orphans of the killed daemon: their own process groups
            Processes.killGroup(pid, "KILL");
            Processes.kill(pid, "KILL");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> !Processes.isAlive(child));
        assertTrue(Files.exists(jsuperd.socket), "a SIGKILLed daemon leaves its socket file");

        Ctl down = jsuperd.ctl("status");
        assertEquals(4, down.exit(), down.toString());
        assertEquals(List.of("jsuperctl: daemon not running (connection refused at " + jsuperd.socket + ")"),
                down.errLines());

        jsuperd.start();
        jsuperd.awaitState("jsinitweb", 1, "RUNNING");
        assertNotEquals(child, jsuperd.pidOf("jsinitweb", 1));
        Ctl up = jsuperd.ctl("status");
        assertEquals(0, up.exit(), up.toString());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(jsuperd.socket)));
    }

    @Test
    void aRegularFileAtTheSocketPath_isNeverDeleted() throws Exception {
        jsuperd = new DaemonHarness(tmp, WATCHERS);
        Files.writeString(jsuperd.socket, "precious");
        Process p = jsuperd.startRaw(tmp.resolve("raw.log"));
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "daemon exits");
        String out = Files.readString(tmp.resolve("raw.log"));
        assertNotEquals(0, p.exitValue(), out);
        assertTrue(out.contains(jsuperd.socket.toString()), out);
        assertEquals("precious", Files.readString(jsuperd.socket));
    }

    // ---- share/init.d/jsuper-service

    private Ctl service(Path link, String action) {
        return DaemonHarness.run(List.of(link.toString(), action), null, Map.of(
                "JSUPERCTL", DaemonHarness.dist().resolve("bin/jsuperctl").toString(),
                "JSUPER_CONFIG", jsuperd.config.toString()));
    }

    @Test
    void initWrapper_mapsLsbActionsToTheWatcherNamedLikeTheLink() throws Exception {
        Path script = DaemonHarness.dist().resolve("share/init.d/jsuper-service");
        assertTrue(Files.isExecutable(script), script + " in the distribution");
        jsuperd = new DaemonHarness(tmp, WATCHERS).start();
        jsuperd.awaitState("jsinitweb", 1, "RUNNING");
        Path initd = Files.createDirectory(tmp.resolve("init.d"));
        Path link = Files.createSymbolicLink(initd.resolve("jsinitweb"), script);
        Path rcLink = Files.createSymbolicLink(initd.resolve("S20jsinitweb"), script);

        Ctl running = service(link, "status");
        assertEquals(0, running.exit(), running.toString());
        assertTrue(running.out().startsWith("jsinitweb:1 "), running.toString());
        assertEquals(0, service(rcLink, "status").exit(), "rc.d prefix stripped");

        long pid = jsuperd.pidOf("jsinitweb", 1);
        Ctl restart = service(link, "restart");
        assertEquals(0, restart.exit(), restart.toString());
        assertNotEquals(pid, jsuperd.pidOf("jsinitweb", 1));
        assertEquals("RUNNING", jsuperd.state("jsinitweb", 1));

        Ctl stop = service(link, "stop");
        assertEquals(0, stop.exit(), stop.toString());
        assertEquals("STOPPED", jsuperd.state("jsinitweb", 1));
        assertEquals(3, service(link, "status").exit());
        Ctl stopAgain = service(link, "stop");
        assertEquals(0, stopAgain.exit(), "LSB: stopping a stopped service succeeds: " + stopAgain);

        Ctl start = service(link, "start");
        assertEquals(0, start.exit(), start.toString());
        assertEquals("RUNNING", jsuperd.state("jsinitweb", 1));
        Ctl startAgain = service(link, "start");
        assertEquals(0, startAgain.exit(), "LSB: starting a running service succeeds: " + startAgain);
        assertEquals(0, service(link, "status").exit());

        Ctl usage = service(link, "bogus");
        assertEquals(2, usage.exit(), usage.toString());

        Path unknown = Files.createSymbolicLink(initd.resolve("jsnosuch"), script);
        assertEquals(4, service(unknown, "status").exit(), "unknown watcher");
        assertEquals(1, service(unknown, "start").exit(), "start of an unknown watcher fails");
    }

    @Test
    void initWrapper_statusIs4_whenTheDaemonIsDown() throws Exception {
        Path script = DaemonHarness.dist().resolve("share/init.d/jsuper-service");
        jsuperd = new DaemonHarness(tmp, WATCHERS); // never started
        Path link = Files.createSymbolicLink(tmp.resolve("jsinitweb"), script);
        Ctl status = service(link, "status");
        assertEquals(4, status.exit(), status.toString());
        Ctl start = service(link, "start");
        assertEquals(1, start.exit(), start.toString());
    }

    @Test
    void initWrapper_stopsAPartlyRunningService_oneRunningOneFatal() throws Exception {
        Path script = DaemonHarness.dist().resolve("share/init.d/jsuper-service");
        // wid 1 runs; wid 2 exits at once and, with no retry, ends FATAL
        Path prog = tmp.resolve("partial.sh");
        Files.writeString(prog, "#!/bin/sh\n[ \"$JSUPER_WID\" = 2 ] && exit 1\nexec sleep 1000\n");
        prog.toFile().setExecutable(true);
        jsuperd = new DaemonHarness(tmp, "[watcher:jspartial]\ncmd = " + prog + "\nnumprocesses = 2\nstartsecs = 1\n"
                + "max_retry = 0\n").start();
        jsuperd.awaitState("jspartial", 1, "RUNNING");
        jsuperd.awaitState("jspartial", 2, "FATAL");
        Path link = Files.createSymbolicLink(tmp.resolve("jspartial"), script);
        assertEquals(3, service(link, "status").exit());

        Ctl stop = service(link, "stop");
        assertEquals(0, stop.exit(), stop.toString());
        assertEquals("STOPPED", jsuperd.state("jspartial", 1), "the RUNNING process was stopped: " + stop);
        Ctl again = service(link, "stop");
        assertEquals(0, again.exit(), again.toString());
        assertTrue(again.out().contains("not running"), again.toString());
        assertEquals(0, service(link, "try-restart").exit(), "try-restart of a stopped service is a no-op");
        assertEquals("STOPPED", jsuperd.state("jspartial", 1));
    }
}
