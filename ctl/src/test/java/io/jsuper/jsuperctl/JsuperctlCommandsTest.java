package io.jsuper.jsuperctl;

import io.jsuper.jsuperd.api.ApiServer;
import io.jsuper.jsuperd.api.ApiSettings;
import io.jsuper.jsuperd.config.HttpEndpoint;
import io.jsuper.jsuperd.core.ControlException;
import io.jsuper.jsuperd.core.ErrorCode;
import io.jsuper.jsuperd.core.ProcessInfo;
import io.jsuper.jsuperd.core.state.ProcessState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The client's commands in-process against the real ApiServer (unix socket and TCP) and a stub core. */
class JsuperctlCommandsTest {
    @TempDir
    Path dir;
    StubControl control;
    ApiServer server;
    Path sock;
    String url;

    record Run(int code, String out, String err) {
    }

    @BeforeEach
    void start() throws Exception {
        control = new StubControl();
        sock = dir.resolve("jsuperd.sock");
        server = new ApiServer(new ApiSettings(sock, Optional.empty(), Optional.of(new HttpEndpoint("127.0.0.1", 0)),
                Optional.of("tok")), control);
        server.start();
        url = "http://127.0.0.1:" + server.httpAddress().orElseThrow().getPort();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private Run run(String stdin, Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Jsuperctl.run(args, env, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Run ctl(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--socket";
        all[1] = sock.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return run("", Map.of(), all);
    }

    private static List<String> lines(String s) {
        return s.isEmpty() ? List.of() : List.of(s.split("\\R"));
    }

    @Test
    void status_allRunning_exit0() {
        Run r = ctl("status", "web");
        assertEquals(0, r.code(), r.err());
        assertEquals(List.of("web:1   RUNNING   pid 1234, uptime 0:01:02", "web:2   RUNNING   pid 1235, uptime 0:01:02"),
                lines(r.out()));
        assertEquals("", r.err());
    }

    @Test
    void status_all_somethingNotRunning_exit3() {
        Run r = ctl("status");
        assertEquals(3, r.code());
        assertTrue(r.out().contains("db:1    FATAL     Exited too quickly"), r.out());
    }

    @Test
    void status_unknownName_exit4_oneStderrLine() {
        Run r = ctl("status", "web", "nope");
        assertEquals(4, r.code());
        assertEquals(List.of("jsuperctl: no such watcher: nope"), lines(r.err()));
        assertEquals(2, lines(r.out()).size());
    }

    @Test
    void status_json_isTheDaemonsJson() {
        Run r = ctl("--json", "status");
        Map<?, ?> body = (Map<?, ?>) Json.parse(r.out().trim());
        assertEquals(3, ((List<?>) body.get("services")).size());
        Run named = ctl("--json", "status", "db");
        assertEquals("db:1", ((Map<?, ?>) ((List<?>) ((Map<?, ?>) Json.parse(named.out().trim())).get("services")).get(0)).get("name"));
    }

    @Test
    void daemonNotRunning_exit4() {
        Path missing = dir.resolve("nope.sock");
        Run r = run("", Map.of(), "--socket", missing.toString(), "status");
        assertEquals(4, r.code());
        assertEquals("jsuperctl: daemon not running (no socket at " + missing + ")" + System.lineSeparator(), r.err());
    }

    @Test
    void lifecycle_waitsAndPrintsPerProcess() {
        for (String verb : new String[]{"start", "stop", "restart", "reload"}) {
            Run r = ctl(verb, "web");
            assertEquals(0, r.code(), r.err());
            String done = verb.equals("stop") ? "stopped" : verb.endsWith("e") ? verb + "d" : verb + "ed";
            assertEquals(List.of("web:1: " + done, "web:2: " + done), lines(r.out()));
            assertTrue(control.calls.contains(verb + " web wait=true"), control.calls.toString());
        }
        ctl("start", "--no-wait", "all");
        assertTrue(control.calls.contains("start all wait=false"));
    }

    @Test
    void startAll_printsALinePerProcess_andExit1WhenOneDidNotStart() {
        Run r = ctl("start", "all");
        assertEquals(1, r.code(), r.err());
        assertEquals(List.of("web:1: started", "web:2: started", "db:1: ERROR (FATAL: Exited too quickly)"),
                lines(r.out()).subList(0, 3));
        // not a terminal: no live progress, but the summary line (issue 15)
        assertEquals(4, lines(r.out()).size(), r.out());
        assertTrue(lines(r.out()).get(3).matches("start all: 3 processes, 2 started, 1 failed \\(db:1\\) in \\d+\\.\\d s"),
                lines(r.out()).get(3));
        assertTrue(control.calls.contains("start all wait=true"), control.calls.toString());
    }

    @Test
    void lifecycle_failures() {
        control.failNext = new ControlException(ErrorCode.NOT_RUNNING, "db:1 is not running");
        Run r = ctl("stop", "db");
        assertEquals(1, r.code());
        assertEquals(List.of("jsuperctl: db:1 is not running"), lines(r.err()));
        Run unknown = ctl("start", "nope", "web");
        assertEquals(4, unknown.code());
        assertEquals(2, lines(unknown.out()).size(), "other names still handled");
    }

    @Test
    void signal_pid_reread_update_shutdown_version() {
        assertEquals(0, ctl("signal", "HUP", "web").code());
        assertTrue(control.calls.contains("signal web HUP"));
        Run bad = ctl("signal", "BOGUS", "web");
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("bad signal 'BOGUS'"), bad.err());

        Run pid = ctl("pid", "web");
        assertEquals(List.of("1234", "1235"), lines(pid.out()));
        assertEquals(0, pid.code());
        assertEquals(3, ctl("pid", "db").code());

        assertEquals(List.of("new: available", "web: changed", "old: disappeared"), lines(ctl("reread").out()));
        assertTrue(control.calls.contains("reloadConfig dryRun=true"));
        assertEquals(List.of("new: added process group", "web: updated process group", "old: removed process group"),
                lines(ctl("update").out()));
        assertTrue(control.calls.contains("reloadConfig dryRun=false"));

        assertEquals(0, ctl("version").code());
        assertTrue(ctl("version").out().trim().matches("\\d+\\.\\d+.*"));
        assertEquals("Shut down", ctl("shutdown").out().trim());
        assertTrue(control.calls.contains("shutdown"));
    }

    @Test
    void usageError_exit2_oneLine() {
        Run r = ctl("start");
        assertEquals(2, r.code());
        assertEquals(1, lines(r.err()).size(), r.err());
        assertEquals(2, ctl("frobnicate").code());
        assertEquals(2, run("", Map.of(), "--socket", "/x", "--url", "http://h:1", "status").code());
    }

    @Test
    void tcp_withTokenFromOptionOrEnv() {
        assertEquals(0, run("", Map.of(), "--url", url, "--token", "tok", "status", "web").code());
        assertEquals(0, run("", Map.of("JSUPER_TOKEN", "tok"), "--url", url, "restart", "web").code());
        Run denied = run("", Map.of(), "--url", url, "status");
        assertEquals(1, denied.code());
        assertEquals("jsuperctl: missing or wrong bearer token" + System.lineSeparator(), denied.err());
    }

    @Test
    void socketFromConfigFile_andEnv() throws Exception {
        Path ini = dir.resolve("jsuperd.ini");
        Files.writeString(ini, "[jsuperd]\nsocket = jsuperd.sock\n");
        assertEquals(0, run("", Map.of(), "-c", ini.toString(), "status", "web").code());
        assertEquals(0, run("", Map.of("JSUPER_SOCKET", sock.toString()), "status", "web").code());
    }

    @Test
    void interactive_dispatchesLinesUntilExit() {
        Run r = run("status web\n\nhelp\nstop db\nexit\nstatus\n", Map.of(), "--socket", sock.toString());
        assertTrue(r.out().startsWith("(jsuperctl) web:1"), r.out());
        assertTrue(r.out().contains("Usage:"), r.out());
        assertTrue(r.out().contains("db:1: stopped"), r.out());
        assertEquals(1, control.calls.stream().filter(c -> c.startsWith("status")).count(), "nothing after exit");
    }

    @Test
    void interactive_eofEnds() {
        Run r = run("status nope\n", Map.of(), "--socket", sock.toString());
        assertEquals(4, r.code());
        assertTrue(r.err().contains("no such watcher: nope"));
    }

    @Test
    void stateVariety_notRunningStatesExit3() {
        control.watchers.put("w", List.of(new ProcessInfo("w", 1, ProcessState.STARTING, 5, 0, 1, 0, null, null, null)));
        assertEquals(3, ctl("status", "w").code());
    }

    @Test
    void globalOptionsAfterTheCommand_sameAsBefore() {
        Run after = run("", Map.of(), "status", "db", "--json", "--socket", sock.toString());
        assertEquals(ctl("--json", "status", "db").out(), after.out());
        Run stop = run("", Map.of(), "stop", "--socket=" + sock, "--no-wait", "db");
        assertEquals(0, stop.code(), stop.err());
        Run prompt = run("status db --json\n", Map.of(), "--socket", sock.toString());
        assertTrue(prompt.out().contains("\"services\""), prompt.out());
    }

    @Test
    void unknownCommand_didYouMean_exit2_oneLine() {
        Run r = ctl("stauts");
        assertEquals(2, r.code());
        // both are one typo away since stats exists; status, the closer one, comes first
        assertEquals(List.of("jsuperctl: unknown command 'stauts'; did you mean status or stats?"), lines(r.err()));
        Run far = ctl("frobnicate", "web");
        assertEquals(2, far.code());
        assertEquals(1, lines(far.err()).size(), far.err());
        assertTrue(far.err().startsWith("jsuperctl: unknown command 'frobnicate'; commands: status, start"), far.err());
    }
}
