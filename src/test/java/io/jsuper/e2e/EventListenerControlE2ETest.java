package io.jsuper.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jsuper.e2e.DaemonHarness.Ctl;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * supervisord's event listeners as processes under the built jsuperd, driven by real clients: a
 * REMOTE_COMMUNICATION event sent with {@code supervisor.sendRemoteCommEvent} over the unix socket (Python's
 * xmlrpc.client with supervisord's own transport, as tools do: supervisorctl has no command for it) reaches the
 * listeners of the tests' own with supervisord's exact header and payload; the listeners are in {@code status} of
 * jsuperctl, GET /services and Debian's supervisorctl as supervisord shows them, and both clients stop, start and
 * restart them. Needs /usr/bin/python3 and the Debian package supervisor; skips, saying so, without them.
 */
class EventListenerControlE2ETest extends DaemonE2ETest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String UPTIME = " +pid \\d+, uptime \\d+:\\d\\d:\\d\\d";

    /** Writes each event as one JSON line [header line, payload], exactly as read; says on stderr what it got. */
    private static final String LISTENER = String.join("\n",
            "import json, sys",
            "out = open(sys.argv[1], 'a', buffering=1)",
            "while True:",
            "    sys.stdout.write('READY\\n')",
            "    sys.stdout.flush()",
            "    line = sys.stdin.readline()",
            "    if not line:",
            "        break",
            "    h = dict(x.split(':', 1) for x in line.split())",
            "    payload = sys.stdin.read(int(h['len']))",
            "    out.write(json.dumps([line, payload]) + '\\n')",
            "    sys.stderr.write('listener got ' + h['eventname'] + ' ' + h['poolserial'] + '\\n')",
            "    sys.stderr.flush()",
            "    sys.stdout.write('RESULT 2\\nOK')",
            "    sys.stdout.flush()",
            "");

    /** supervisor.sendRemoteCommEvent over the unix socket, as Python tools call supervisord. */
    private static final String SEND = String.join("\n",
            "import sys, xmlrpc.client",
            "from supervisor.xmlrpc import SupervisorTransport",
            "t = SupervisorTransport(None, None, 'unix://' + sys.argv[1])",
            "rpc = xmlrpc.client.ServerProxy('http://127.0.0.1', transport=t)",
            "print(rpc.supervisor.sendRemoteCommEvent(sys.argv[2], sys.argv[3]))",
            "");

    private List<String> supervisorctl;

    private void requireTools() {
        Assumptions.assumeTrue(Files.isExecutable(PYTHON), "/usr/bin/python3 not installed: listener control e2e skipped");
        Assumptions.assumeTrue(Files.isExecutable(RealSupervisord.SUPERVISORCTL),
                "supervisorctl not installed (Debian package supervisor): listener control e2e skipped");
        Ctl probe = DaemonHarness.run(List.of(PYTHON.toString(), "-c", "import supervisor.xmlrpc"), null, Map.of());
        Assumptions.assumeTrue(probe.exit() == 0,
                "supervisor.xmlrpc not importable (Debian package supervisor): listener control e2e skipped");
    }

    private void start() throws Exception {
        Path script = tmp.resolve("listener.py");
        Files.writeString(script, LISTENER);
        Path sock = tmp.resolve("jsuperd.sock");
        jsuperd = new DaemonHarness(tmp, "");
        Files.writeString(jsuperd.config, String.join("\n",
                "[supervisord]",
                "nodaemon=true",
                "childlogdir=" + tmp.resolve("logs"),
                "pidfile=" + tmp.resolve("jsuperd.pid"),
                "[unix_http_server]",
                "file=" + sock,
                "[supervisorctl]",
                "serverurl=unix://" + sock,
                "[eventlistener:rec]",
                "command=" + PYTHON + " " + script + " " + tmp.resolve("rec.events"),
                "events=REMOTE_COMMUNICATION",
                "[eventlistener:pool]",
                "command=" + PYTHON + " " + script + " " + tmp.resolve("pool.events"),
                "process_name=%(program_name)s_%(process_num)d",
                "numprocs=2",
                "events=REMOTE_COMMUNICATION",
                "stdout_logfile=" + tmp.resolve("pool_%(process_num)d.out"),
                "stderr_logfile=" + tmp.resolve("pool_%(process_num)d.err"),
                "") + "\n");
        jsuperd.start();
        supervisorctl = List.of(RealSupervisord.SUPERVISORCTL.toString(), "-c", jsuperd.config.toString());
        jsuperd.awaitAll("rec", "RUNNING");
        jsuperd.awaitAll("pool_0", "RUNNING");
        jsuperd.awaitAll("pool_1", "RUNNING");
    }

    private Ctl supervisorctl(String... args) {
        List<String> cmd = new ArrayList<>(supervisorctl);
        cmd.addAll(List.of(args));
        return DaemonHarness.run(cmd, null, Map.of());
    }

    private Ctl send(String type, String data) throws Exception {
        Path script = tmp.resolve("send.py");
        Files.writeString(script, SEND);
        return DaemonHarness.run(List.of(PYTHON.toString(), script.toString(), tmp.resolve("jsuperd.sock").toString(),
                type, data), null, Map.of());
    }

    /** The events a listener file holds, each as [header line, payload]. */
    private List<List<String>> events(String name) throws Exception {
        Path file = tmp.resolve(name + ".events");
        List<List<String>> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        for (String line : DaemonHarness.read(file).lines().toList()) {
            JsonNode pair = JSON.readTree(line);
            out.add(List.of(pair.get(0).asText(), pair.get(1).asText()));
        }
        return out;
    }

    private String read(String name) throws Exception {
        Path file = tmp.resolve(name);
        return Files.exists(file) ? DaemonHarness.read(file) : "";
    }

    private static void assertLines(List<String> patterns, Ctl r) {
        List<String> lines = r.out().lines().toList();
        assertEquals(patterns.size(), lines.size(), r.toString());
        for (int i = 0; i < patterns.size(); i++) {
            assertTrue(Pattern.matches(patterns.get(i), lines.get(i)), "line " + i + " of " + r);
        }
    }

    @Test
    void remoteCommEvent_reachesEachSubscribedPool_withSupervisordsHeaderAndPayload_andTheListenersLogIt()
            throws Exception {
        requireTools();
        start();
        Ctl sent = send("my.type", "hello\nworld \u00e9");
        assertEquals(0, sent.exit(), sent.toString());
        assertEquals("True", sent.out().strip(), "supervisord answers true");

        await().atMost(Duration.ofSeconds(30)).until(() -> events("rec").size() == 1 && events("pool").size() == 1);
        // exactly what supervisord 4.2.5 writes for the same call (checked side by side with Debian's supervisord):
        // len counts characters (27 bytes), as the Python listener reads them
        assertEquals(List.of("ver:3.0 server:supervisor serial:0 pool:rec poolserial:0 eventname:REMOTE_COMMUNICATION "
                + "len:26\n", "type:my.type\nhello\nworld \u00e9"), events("rec").get(0));
        assertEquals(List.of("ver:3.0 server:supervisor serial:0 pool:pool poolserial:0 eventname:REMOTE_COMMUNICATION "
                + "len:26\n", "type:my.type\nhello\nworld \u00e9"), events("pool").get(0),
                "one listener of the pool gets it");

        Path logs = tmp.resolve("logs");
        await().atMost(Duration.ofSeconds(20)).until(() -> DaemonHarness.read(logs.resolve("rec-1.stderr.log"))
                .equals("listener got REMOTE_COMMUNICATION 0\n"));
        await().atMost(Duration.ofSeconds(20)).until(() -> DaemonHarness.read(logs.resolve("rec-1.stdout.log"))
                .equals("READY\nRESULT 2\nOKREADY\n"));
        Ctl tail = supervisorctl("tail", "rec", "stderr");
        assertEquals("listener got REMOTE_COMMUNICATION 0\n\n", tail.out(), "supervisorctl adds a newline: " + tail);
        // a pool's own stdout_logfile / stderr_logfile: the one that took the event logged it, both said READY
        await().atMost(Duration.ofSeconds(20)).until(() -> (read("pool_0.err") + read("pool_1.err"))
                .equals("listener got REMOTE_COMMUNICATION 0\n"));
        await().atMost(Duration.ofSeconds(20)).until(() -> read("pool_0.out").startsWith("READY\n")
                && read("pool_1.out").startsWith("READY\n")
                && (read("pool_0.out") + read("pool_1.out")).contains("READY\nRESULT 2\nOKREADY\n"));

        Ctl second = send("other", "");
        assertEquals(0, second.exit(), second.toString());
        await().atMost(Duration.ofSeconds(30)).until(() -> events("rec").size() == 2);
        assertEquals(List.of("ver:3.0 server:supervisor serial:1 pool:rec poolserial:1 eventname:REMOTE_COMMUNICATION "
                + "len:11\n", "type:other\n"), events("rec").get(1));
    }

    @Test
    void listeners_areProcessesInStatus_andBothClientsStopStartAndRestartThem() throws Exception {
        requireTools();
        start();
        Ctl status = supervisorctl("status");
        assertEquals(0, status.exit(), status.toString());
        assertLines(List.of("pool:pool_0 +RUNNING" + UPTIME, "pool:pool_1 +RUNNING" + UPTIME, "rec +RUNNING" + UPTIME),
                status);
        Ctl mine = jsuperd.ctl("status");
        assertEquals(0, mine.exit(), mine.toString());
        String usage = "(, cpu \\d+\\.\\d\\ds)?(, mem \\d+\\.\\dMiB)?";
        List<String> sorted = mine.out().lines().sorted().toList();
        assertEquals(3, sorted.size(), mine.toString());
        assertTrue(Pattern.matches("pool_0:1 +RUNNING" + UPTIME + usage, sorted.get(0)), mine.toString());
        assertTrue(Pattern.matches("pool_1:1 +RUNNING" + UPTIME + usage, sorted.get(1)), mine.toString());
        assertTrue(Pattern.matches("rec:1 +RUNNING" + UPTIME + usage, sorted.get(2)), mine.toString());
        List<String> services = jsuperd.services().stream()
                .map(p -> p.get("watcher").asText() + " " + p.get("state").asText() + " " + (p.get("pid").asLong() > 0))
                .sorted().toList();
        assertEquals(List.of("pool_0 RUNNING true", "pool_1 RUNNING true", "rec RUNNING true"), services);

        Ctl stop = supervisorctl("stop", "pool:*");
        assertEquals("pool:pool_0: stopped\npool:pool_1: stopped\n", stop.out(), stop.toString());
        assertEquals(0, stop.exit());
        Ctl stopped = supervisorctl("status");
        assertEquals(3, stopped.exit(), "supervisorctl status says 3 when a process is not running: " + stopped);
        assertLines(List.of("pool:pool_0 +STOPPED +.*", "pool:pool_1 +STOPPED +.*", "rec +RUNNING" + UPTIME), stopped);
        assertEquals("STOPPED", jsuperd.state("pool_0", 1));
        Ctl started = supervisorctl("start", "pool:*");
        assertEquals("pool:pool_0: started\npool:pool_1: started\n", started.out(), started.toString());
        long before = jsuperd.pidOf("rec", 1);
        Ctl restart = supervisorctl("restart", "rec");
        assertEquals("rec: stopped\nrec: started\n", restart.out(), restart.toString());
        assertTrue(jsuperd.pidOf("rec", 1) != before, "a new listener process");

        assertEquals(0, jsuperd.ctl("stop", "pool:*").exit());
        jsuperd.awaitAll("pool_0", "STOPPED");
        jsuperd.awaitAll("pool_1", "STOPPED");
        assertEquals(0, jsuperd.ctl("start", "pool:*").exit());
        jsuperd.awaitAll("pool_0", "RUNNING");
        jsuperd.awaitAll("pool_1", "RUNNING");
        long again = jsuperd.pidOf("rec", 1);
        assertEquals(0, jsuperd.ctl("restart", "rec").exit());
        await().atMost(Duration.ofSeconds(30)).until(() -> jsuperd.pidOf("rec", 1) != again
                && "RUNNING".equals(jsuperd.state("rec", 1)));

        // the restarted listeners still take events: the protocol starts afresh with each process
        assertEquals(0, send("after", "restart").exit());
        await().atMost(Duration.ofSeconds(30)).until(() -> events("rec").size() == 1 && events("pool").size() == 1);
        assertEquals("type:after\nrestart", events("rec").get(0).get(1));
    }
}
