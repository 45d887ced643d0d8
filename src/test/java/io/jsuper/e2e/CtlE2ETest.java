package io.jsuper.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jsuper.e2e.DaemonHarness.Ctl;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

/** Every jsuperctl command through the real client binary (a subprocess) against the real daemon. */
class CtlE2ETest extends DaemonE2ETest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TRAPPER = "/bin/sh\nargs = -c \"trap 'echo got-hup' HUP; echo ready; "
            + "while :; do sleep 0.05; done\"\n";


    private static String sleeper(String name, String extra) {
        return "[watcher:" + name + "]\ncmd = sleep 1000\nstartsecs = 0\n" + extra + "\n";
    }

    private DaemonHarness start(String watchers) throws Exception {
        jsuperd = new DaemonHarness(tmp, watchers).start();
        return jsuperd;
    }

    private static void assertExit(int expected, Ctl r) {
        assertEquals(expected, r.exit(), r.toString());
    }

    /** A failure: the exit code and exactly one stderr line. */
    private static void assertFails(int expected, String stderrLine, Ctl r) {
        assertEquals(expected, r.exit(), r.toString());
        assertEquals(List.of(stderrLine), r.errLines(), r.toString());
    }

    /** In cgroup containment a running process also shows its CPU time (and memory, with the memory controller). */
    private static final String USAGE = "(, cpu \\d+\\.\\d\\ds)?(, mem \\d+\\.\\dMiB)?";

    @Test
    void status_tableAndJson_exitCodesFollowLsb() throws Exception {
        start(sleeper("web", "numprocesses = 2") + sleeper("db", "autostart = false"));
        jsuperd.awaitAll("web", "RUNNING");

        Ctl all = jsuperd.ctl("status");
        assertExit(3, all); // db is stopped
        List<String> lines = all.out().lines().toList();
        assertEquals(3, lines.size(), all.toString());
        assertTrue(Pattern.matches("web:1 +RUNNING +pid " + jsuperd.pidOf("web", 1) + ", uptime \\d+:\\d\\d:\\d\\d" + USAGE,
                lines.get(0)), lines.get(0));
        assertTrue(Pattern.matches("web:2 +RUNNING +pid " + jsuperd.pidOf("web", 2) + ", uptime \\d+:\\d\\d:\\d\\d" + USAGE,
                lines.get(1)), lines.get(1));
        assertTrue(Pattern.matches("db:1 +STOPPED +Not started", lines.get(2)), lines.get(2));
        assertEquals("", all.err());

        Ctl web = jsuperd.ctl("status", "web");
        assertExit(0, web);
        assertEquals(2, web.out().lines().count(), web.toString());

        Ctl json = jsuperd.ctl("--json", "status", "web", "db");
        assertExit(3, json);
        JsonNode services = JSON.readTree(json.out()).get("services");
        assertEquals(List.of("web:1", "web:2", "db:1"),
                java.util.stream.StreamSupport.stream(services.spliterator(), false)
                        .map(p -> p.get("name").asText()).toList());
        assertEquals(jsuperd.pidOf("web", 1), services.get(0).get("pid").asLong());
        assertEquals("STOPPED", services.get(2).get("state").asText());

        assertFails(4, "jsuperctl: no such watcher: nope", jsuperd.ctl("status", "nope"));
    }

    @Test
    void startStopRestart_waitAndReportPerProcess() throws Exception {
        start(sleeper("web", "numprocesses = 2\nautostart = false"));
        Ctl started = jsuperd.ctl("start", "web");
        assertExit(0, started);
        assertEquals("web:1: started\nweb:2: started\n", started.out());
        assertEquals("RUNNING", jsuperd.state("web", 1), "start waits until RUNNING");
        assertEquals("RUNNING", jsuperd.state("web", 2));
        long pid1 = jsuperd.pidOf("web", 1);
        long pid2 = jsuperd.pidOf("web", 2);

        Ctl restarted = jsuperd.ctl("restart", "web");
        assertExit(0, restarted);
        assertEquals("web:1: restarted\nweb:2: restarted\n", restarted.out());
        long newPid1 = jsuperd.pidOf("web", 1);
        assertNotEquals(pid1, newPid1, "restart spawns a new process");
        assertNotEquals(pid2, jsuperd.pidOf("web", 2));
        assertEquals("RUNNING", jsuperd.state("web", 1));
        assertFalse(Processes.isAlive(pid1), "old process gone");

        Ctl stopped = jsuperd.ctl("stop", "web");
        assertExit(0, stopped);
        assertEquals("web:1: stopped\nweb:2: stopped\n", stopped.out());
        assertEquals("STOPPED", jsuperd.state("web", 1), "stop waits until stopped");
        assertFalse(Processes.isAlive(newPid1));
        assertExit(3, jsuperd.ctl("status", "web"));
    }

    @Test
    void startOfARunningOne_andStopOfAStoppedOne_fail_withOneLine() throws Exception {
        start(sleeper("web", "") + sleeper("db", "autostart = false"));
        jsuperd.awaitState("web", 1, "RUNNING");
        long pid = jsuperd.pidOf("web", 1);
        assertFails(1, "jsuperctl: web is already started", jsuperd.ctl("start", "web"));
        assertFails(1, "jsuperctl: db is not running", jsuperd.ctl("stop", "db"));
        assertEquals(pid, jsuperd.pidOf("web", 1), "nothing happened to web");
        assertEquals("STOPPED", jsuperd.state("db", 1));
    }

    @Test
    void unknownName_isExit4_withOneLine_forEveryCommand() throws Exception {
        start(sleeper("web", ""));
        jsuperd.awaitState("web", 1, "RUNNING");
        for (String[] cmd : new String[][]{{"start", "nope"}, {"stop", "nope"}, {"restart", "nope"}, {"reload", "nope"},
                {"signal", "HUP", "nope"}, {"pid", "nope"}, {"status", "nope"}}) {
            assertFails(4, "jsuperctl: no such watcher: nope", jsuperd.ctl(cmd));
        }
    }

    @Test
    void severalNames_eachOneIsHandled_evenAfterAFailure() throws Exception {
        start(sleeper("a", "autostart = false") + sleeper("b", "autostart = false"));
        Ctl r = jsuperd.ctl("start", "nope", "a", "b");
        assertEquals("a:1: started\nb:1: started\n", r.out(), r.toString());
        assertEquals(List.of("jsuperctl: no such watcher: nope"), r.errLines());
        assertNotEquals(0, r.exit());
        assertEquals("RUNNING", jsuperd.state("a", 1));
        assertEquals("RUNNING", jsuperd.state("b", 1));
    }

    @Test
    void startOfAWatcherThatCannotSpawn_namesFatalAndTheSpawnError() throws Exception {
        start("""
                [watcher:ghost]
                cmd = /nonexistent/ghost
                autostart = false
                max_retry = 0
                """);
        Ctl r = jsuperd.ctl("start", "ghost");
        assertExit(1, r);
        assertEquals(1, r.errLines().size(), r.toString());
        String line = r.errLines().get(0);
        assertTrue(line.startsWith("jsuperctl: ghost:1 is FATAL: "), line);
        assertTrue(line.endsWith("cmd /nonexistent/ghost: No such file or directory"), line);
        assertEquals("FATAL", jsuperd.state("ghost", 1));
        assertExit(3, jsuperd.ctl("status", "ghost"));
    }

    @Test
    void reload_sendsHupToSendHupWatchers_andRestartsTheOthers() throws Exception {
        start("[watcher:app]\ncmd = " + TRAPPER + "send_hup = true\nstartsecs = 0\n\n"
                + "[watcher:plain]\ncmd = " + TRAPPER + "startsecs = 0\n");
        jsuperd.awaitState("app", 1, "RUNNING");
        jsuperd.awaitState("plain", 1, "RUNNING");
        Path appOut = jsuperd.logdir.resolve("app-1.stdout.log");
        await().atMost(Duration.ofSeconds(10)).until(() -> DaemonHarness.read(appOut).contains("ready"));
        long appPid = jsuperd.pidOf("app", 1);
        long plainPid = jsuperd.pidOf("plain", 1);

        Ctl app = jsuperd.ctl("reload", "app");
        assertExit(0, app);
        assertEquals("app:1: reloaded\n", app.out());
        await().atMost(Duration.ofSeconds(10)).until(() -> DaemonHarness.read(appOut).contains("got-hup"));
        assertEquals(appPid, jsuperd.pidOf("app", 1), "send_hup watcher keeps its pid");

        Ctl plain = jsuperd.ctl("reload", "plain");
        assertExit(0, plain);
        assertEquals("plain:1: reloaded\n", plain.out());
        assertNotEquals(plainPid, jsuperd.pidOf("plain", 1), "plain watcher restarted");
        assertEquals("RUNNING", jsuperd.state("plain", 1));
        assertFalse(Processes.isAlive(plainPid));
        assertFalse(DaemonHarness.read(jsuperd.logdir.resolve("plain-1.stdout.log")).contains("got-hup"));
    }

    @Test
    void signal_and_pid() throws Exception {
        start("[watcher:app]\ncmd = " + TRAPPER + "startsecs = 0\n\n" + sleeper("idle", "autostart = false"));
        jsuperd.awaitState("app", 1, "RUNNING");
        Path out = jsuperd.logdir.resolve("app-1.stdout.log");
        await().atMost(Duration.ofSeconds(10)).until(() -> DaemonHarness.read(out).contains("ready"));
        long pid = jsuperd.pidOf("app", 1);

        Ctl sig = jsuperd.ctl("signal", "HUP", "app");
        assertExit(0, sig);
        assertEquals("app:1: signalled HUP\n", sig.out());
        await().atMost(Duration.ofSeconds(10)).until(() -> DaemonHarness.read(out).contains("got-hup"));
        assertEquals(pid, jsuperd.pidOf("app", 1));

        Ctl p = jsuperd.ctl("pid", "app");
        assertExit(0, p);
        assertEquals(pid + "\n", p.out());
        Ctl none = jsuperd.ctl("pid", "idle");
        assertExit(3, none);
        assertEquals("0\n", none.out());

        assertFails(1, "jsuperctl: idle is not running", jsuperd.ctl("signal", "HUP", "idle"));
        Ctl bad = jsuperd.ctl("signal", "BOGUS", "app");
        assertExit(1, bad);
        assertEquals(List.of("jsuperctl: bad signal 'BOGUS': use a name like HUP or SIGHUP, or a number like 1"),
                bad.errLines());
    }

    @Test
    void rereadAndUpdate_afterEditingTheConfig() throws Exception {
        start(sleeper("keep", "") + sleeper("change", "") + sleeper("drop", ""));
        jsuperd.awaitState("keep", 1, "RUNNING");
        jsuperd.awaitState("change", 1, "RUNNING");
        jsuperd.awaitState("drop", 1, "RUNNING");
        long keepPid = jsuperd.pidOf("keep", 1);
        long changePid = jsuperd.pidOf("change", 1);
        long dropPid = jsuperd.pidOf("drop", 1);

        Ctl same = jsuperd.ctl("reread");
        assertExit(0, same);
        assertEquals("No config updates to processes\n", same.out());

        jsuperd.writeConfig(sleeper("keep", "") + sleeper("change", "stop_signal = INT") + sleeper("added", ""));
        Ctl reread = jsuperd.ctl("reread");
        assertExit(0, reread);
        assertEquals(List.of("added: available", "change: changed", "drop: disappeared"),
                reread.out().lines().sorted().toList(), reread.toString());
        assertEquals(changePid, jsuperd.pidOf("change", 1), "reread changes nothing");
        assertEquals(1, jsuperd.processesOf("drop").size());
        assertTrue(jsuperd.processesOf("added").isEmpty());

        Ctl update = jsuperd.ctl("update");
        assertExit(0, update);
        assertEquals(List.of("added: added process group", "change: updated process group",
                "drop: removed process group"), update.out().lines().sorted().toList(), update.toString());
        jsuperd.awaitState("added", 1, "RUNNING");
        jsuperd.awaitState("change", 1, "RUNNING");
        assertTrue(jsuperd.processesOf("drop").isEmpty());
        assertFalse(Processes.isAlive(dropPid));
        assertNotEquals(changePid, jsuperd.pidOf("change", 1));
        assertEquals(keepPid, jsuperd.pidOf("keep", 1));

        Ctl again = jsuperd.ctl("update");
        assertExit(0, again);
        assertEquals("No config updates to processes\n", again.out());
    }

    @Test
    void update_withABrokenConfig_fails_andChangesNothing() throws Exception {
        start(sleeper("keep", ""));
        jsuperd.awaitState("keep", 1, "RUNNING");
        long pid = jsuperd.pidOf("keep", 1);
        jsuperd.writeConfig(sleeper("keep", "") + "[watcher:broken]\nnumprocesses = -5\n");
        Ctl r = jsuperd.ctl("update");
        assertExit(1, r);
        assertTrue(r.err().startsWith("jsuperctl: "), r.toString());
        assertTrue(r.err().contains("numprocesses"), r.toString());
        assertEquals(pid, jsuperd.pidOf("keep", 1));
        assertEquals(1, jsuperd.services().size());
    }

    @Test
    void shutdown_endsTheDaemonWithExit0_andLeavesNoChild() throws Exception {
        start(sleeper("a", "numprocesses = 2") + "[watcher:b]\ncmd = /bin/sh\nargs = -c \"sleep 1000 & wait\"\n"
                + "startsecs = 0\n");
        jsuperd.awaitAll("a", "RUNNING");
        jsuperd.awaitAll("b", "RUNNING");
        await().atMost(Duration.ofSeconds(10)).until(() -> Processes.descendantsOf(jsuperd.pid()).size() >= 4);
        List<Long> children = Processes.descendantsOf(jsuperd.pid());
        children.forEach(jsuperd::remember);

        Ctl r = jsuperd.ctl("shutdown");
        assertExit(0, r);
        assertEquals("Shut down\n", r.out());
        assertTrue(jsuperd.process().waitFor(30, TimeUnit.SECONDS), "daemon exits");
        assertEquals(0, jsuperd.process().exitValue(), jsuperd.daemonLogText());
        for (long pid : children) {
            assertFalse(Processes.isAlive(pid), "process " + pid + " outlived jsuperd");
        }
        assertFalse(Files.exists(jsuperd.socket), "socket removed");
    }

    @Test
    void version_daemonAndClient() throws Exception {
        start(sleeper("a", ""));
        String daemonVersion = jsuperd.get("/version").get("version").asText();
        Ctl v = jsuperd.ctl("version");
        assertExit(0, v);
        assertEquals(daemonVersion + "\n", v.out());
        assertFalse(daemonVersion.isBlank());
        assertNotEquals("0.1.0-dev", daemonVersion, "the built daemon jar carries its version");

        // The client's own version comes from its jar's manifest too, so the two agree.
        Ctl own = DaemonHarness.runCtl(List.of("-V"), null, Map.of());
        assertExit(0, own);
        assertEquals("jsuperctl " + daemonVersion + "\n", own.out());
    }

    @Test
    void configOption_findsTheSocketInTheConfigFile() throws Exception {
        start(sleeper("web", ""));
        jsuperd.awaitState("web", 1, "RUNNING");
        Ctl r = jsuperd.ctlWithConfig("status", "web");
        assertExit(0, r);
        assertTrue(r.out().startsWith("web:1 "), r.toString());
        assertExit(0, jsuperd.ctlWithConfig("stop", "web"));
        assertEquals("STOPPED", jsuperd.state("web", 1));
        assertExit(0, jsuperd.ctlWithConfig("start", "web"));
        assertExit(0, jsuperd.ctlWithConfig("pid", "web"));

        Ctl env = DaemonHarness.runCtl(List.of("status", "web"), null, Map.of("JSUPER_SOCKET", jsuperd.socket.toString()));
        assertExit(0, env);
    }

    /**
     * The daemon reads its config with configparser rules ({@code key: value}, inline {@code ;} comments,
     * {@code %(here)s}); {@code jsuperctl -c} must find the same socket the daemon listens on.
     */
    @Test
    void configOption_readsTheSocketLikeTheDaemonDoes() throws Exception {
        Path sock = tmp.resolve("ctl.sock");
        jsuperd = new DaemonHarness(tmp, sock, "", "");
        Files.writeString(jsuperd.config, "[jsuperd]\nsocket: %(here)s/ctl.sock ; the control socket\n"
                + "logdir = logs\n\n" + sleeper("web", ""));
        jsuperd.start();
        jsuperd.awaitState("web", 1, "RUNNING");
        Ctl r = jsuperd.ctlWithConfig("status", "web");
        assertExit(0, r);
        assertTrue(r.out().startsWith("web:1 "), r.toString());
    }

    @Test
    void daemonNotRunning_isExit4_withOneLine() throws Exception {
        Path missing = tmp.resolve("none.sock");
        Ctl r = DaemonHarness.runCtl(List.of("--socket", missing.toString(), "status"), null, Map.of());
        assertFails(4, "jsuperctl: daemon not running (no socket at " + missing + ")", r);
        Ctl start = DaemonHarness.runCtl(List.of("--socket", missing.toString(), "start", "web"), null, Map.of());
        assertFails(4, "jsuperctl: daemon not running (no socket at " + missing + ")", start);
    }

    @Test
    void usageErrors_areExit2_withOneLine() {
        Path missing = tmp.resolve("missing.ini");
        assertFails(2, "jsuperctl: cannot read config " + missing + ": no such file",
                DaemonHarness.runCtl(List.of("-c", missing.toString(), "status"), null, Map.of()));
        assertFails(2, "jsuperctl: use either --url or --socket, not both", DaemonHarness.runCtl(
                List.of("--socket", tmp.resolve("x.sock").toString(), "--url", "http://127.0.0.1:1", "status"), null, Map.of()));
        Ctl unknown = DaemonHarness.runCtl(List.of("--socket", tmp.resolve("x.sock").toString(), "bogus"), null, Map.of());
        assertEquals(2, unknown.exit(), unknown.toString());
        assertEquals(1, unknown.errLines().size(), unknown.toString());
        assertTrue(unknown.err().startsWith("jsuperctl: "), unknown.toString());
        Ctl noName = DaemonHarness.runCtl(List.of("--socket", tmp.resolve("x.sock").toString(), "start"), null, Map.of());
        assertEquals(2, noName.exit(), noName.toString());
    }

    @Test
    void interactivePrompt_runsEachLine() throws Exception {
        start(sleeper("web", "") + sleeper("db", ""));
        jsuperd.awaitState("web", 1, "RUNNING");
        jsuperd.awaitState("db", 1, "RUNNING");
        long webPid = jsuperd.pidOf("web", 1);
        Ctl r = DaemonHarness.runCtl(List.of("--socket", jsuperd.socket.toString()), "status\nstop web\nexit\n",
                Map.of());
        assertExit(0, r);
        String out = r.out();
        assertTrue(out.startsWith("(jsuperctl) "), out);
        assertTrue(Pattern.compile("web:1 +RUNNING +pid " + webPid + ",").matcher(out).find(), out);
        assertTrue(Pattern.compile("db:1 +RUNNING +pid ").matcher(out).find(), out);
        assertTrue(out.contains("web:1: stopped\n"), out);
        assertEquals(3, out.split(Pattern.quote("(jsuperctl) "), -1).length - 1, "three prompts: " + out);
        assertEquals("", r.err());
        assertEquals("STOPPED", jsuperd.state("web", 1));
        assertEquals("RUNNING", jsuperd.state("db", 1));

        // The exit code is the last command's; end of input leaves too.
        Ctl eof = DaemonHarness.runCtl(List.of("--socket", jsuperd.socket.toString()), "status web\n", Map.of());
        assertExit(3, eof);
        Ctl unknown = DaemonHarness.runCtl(List.of("--socket", jsuperd.socket.toString()), "status nope\n", Map.of());
        assertExit(4, unknown);
        assertEquals(List.of("jsuperctl: no such watcher: nope"), unknown.errLines());
    }
}
