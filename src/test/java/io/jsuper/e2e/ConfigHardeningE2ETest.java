package io.jsuper.e2e;

import io.jsuper.e2e.DaemonHarness.Ctl;
import io.jsuper.e2e.DaemonHarness.Response;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 9, config: bounded sizes and include depth, a descriptor budget, a pidfile that cannot lie. The reloads
 * that fail check the {@link AttackBound} during and after; a start that fails leaves no daemon to check.
 */
class ConfigHardeningE2ETest extends DaemonE2ETest {
    private static final int EXIT_CONFIG = 78;
    private static final String SLEEPER = "[watcher:keep]\ncmd = sleep\nargs = 1000\nstartsecs = 0\n\n";

    private static String head(String text) {
        return text.length() > 2000 ? text.substring(0, 2000) + "…" : text;
    }

    private Ctl startExpectingFailure(String... prefix) {
        List<String> cmd = new java.util.ArrayList<>(List.of(prefix));
        cmd.addAll(List.of(DaemonHarness.dist().resolve("bin/jsuperd").toString(), "-c", jsuperd.config.toString()));
        return DaemonHarness.run(cmd, null, Map.of());
    }

    private String tenMegabyteArgs() {
        return "[watcher:big]\ncmd = echo\nargs = " + "a".repeat(10 * 1024 * 1024) + "\n";
    }

    private void writeIncludeChain(int depth) throws Exception {
        Path inc = Files.createDirectories(tmp.resolve("inc"));
        for (int i = 1; i < depth; i++) {
            Files.writeString(inc.resolve(i + ".ini"), "[jsuperd]\ninclude = " + (i + 1) + ".ini\n");
        }
        Files.writeString(inc.resolve(depth + ".ini"), "[watcher:deep]\ncmd = sleep\nargs = 1000\n");
    }

    /** The daemon with SLEEPER and the bound's victim running, and the bound's baseline taken. */
    private AttackBound startWithVictim(String label) throws Exception {
        jsuperd = new DaemonHarness(tmp, SLEEPER + AttackBound.VICTIM).start();
        jsuperd.awaitState("keep", 1, "RUNNING");
        jsuperd.awaitState("victim", 1, "RUNNING");
        return new AttackBound(jsuperd, label).baseline();
    }

    /** Regression (issue 9 #8): a 10 MB value ended start-up with OutOfMemoryError. */
    @Test
    void tenMegabyteValueAtStart_isAConfigError() throws Exception {
        jsuperd = new DaemonHarness(tmp, tenMegabyteArgs());
        Ctl r = startExpectingFailure();
        assertEquals(EXIT_CONFIG, r.exit(), head(r.toString()));
        assertTrue(r.err().contains("jsuperd.ini") && r.err().contains("larger than 4 MiB"), head(r.toString()));
    }

    /** Regression (issue 9 #8): the same value on SIGHUP killed the running daemon. */
    @Test
    void tenMegabyteValueOnReload_isLogged_andTheDaemonKeepsItsChildren() throws Exception {
        AttackBound bound = startWithVictim("tenMegabyteValueOnReload");
        long pid = jsuperd.pidOf("keep", 1);
        try (AttackBound.Probes ignored = bound.probes("a reload with a 10 MB value")) {
            jsuperd.writeConfig(SLEEPER + AttackBound.VICTIM + tenMegabyteArgs());
            jsuperd.signalDaemon("HUP");
            await().atMost(Duration.ofSeconds(30)).until(() -> jsuperd.daemonLogText().contains("reload failed"));
            bound.respawnInNormalTime();
        }
        assertTrue(jsuperd.daemonLogText().contains("larger than 4 MiB"), head(jsuperd.daemonLogText()));
        assertEquals(pid, jsuperd.pidOf("keep", 1));
        assertEquals(2, jsuperd.services().size());
        jsuperd.writeConfig(SLEEPER + AttackBound.VICTIM);
        bound.recovered();
    }

    /** Regression (issue 9 #9): 3000 nested includes ended start-up with StackOverflowError. */
    @Test
    void includeChain3000DeepAtStart_isAConfigErrorWithTheChain() throws Exception {
        writeIncludeChain(3000);
        jsuperd = new DaemonHarness(tmp, "include = inc/1.ini\n", SLEEPER);
        Ctl r = startExpectingFailure();
        assertEquals(EXIT_CONFIG, r.exit(), head(r.toString()));
        assertTrue(r.err().contains("includes nest more than 32 files deep: jsuperd.ini -> inc/1.ini -> inc/2.ini"),
                head(r.toString()));
    }

    /** Regression (issue 9 #9): on reload the same chain answered 504 and the reload went on. */
    @Test
    void includeChain3000DeepOnReload_isRefusedQuickly_andNothingChanges() throws Exception {
        writeIncludeChain(3000);
        AttackBound bound = startWithVictim("includeChain3000DeepOnReload");
        long pid = jsuperd.pidOf("keep", 1);
        Files.writeString(jsuperd.config, Files.readString(jsuperd.config).replace("[jsuperd]\n", "[jsuperd]\ninclude = inc/1.ini\n"));
        try (AttackBound.Probes ignored = bound.probes("reloads of an include chain 3000 deep")) {
            Response r = jsuperd.post("/reload");
            assertNotEquals(200, r.status(), String.valueOf(r.body()));
            assertNotEquals(504, r.status(), String.valueOf(r.body()));
            assertTrue(r.body().toString().contains("includes nest more than 32 files deep"), r.body().toString());
            jsuperd.signalDaemon("HUP");
            await().atMost(Duration.ofSeconds(30)).until(() -> jsuperd.daemonLogText().contains("reload failed"));
            bound.respawnInNormalTime();
        }
        assertEquals(pid, jsuperd.pidOf("keep", 1));
        assertEquals(2, jsuperd.services().size());
        bound.recovered();
    }

    /** Issue 9 #10: a config whose processes cannot have their descriptors is refused at load, with the numbers. */
    @Test
    void configThatCannotFitTheDescriptorLimit_isRefusedAtStart() throws Exception {
        jsuperd = new DaemonHarness(tmp, "[watcher:many]\ncmd = sleep\nargs = 1000\nnumprocesses = 200\n");
        Ctl r = startExpectingFailure("prlimit", "--nofile=512:512");
        assertEquals(EXIT_CONFIG, r.exit(), r.toString());
        assertTrue(r.err().contains("the config needs 1262 file descriptors (200 processes"), r.toString());
        assertTrue(r.err().contains("only 512 are available (RLIMIT_NOFILE soft limit; hard limit 512)"), r.toString());
    }

    @Test
    void reloadToAConfigThatCannotFitTheDescriptorLimit_isRefused_andNothingChanges() throws Exception {
        jsuperd = new DaemonHarness(tmp, SLEEPER + AttackBound.VICTIM);
        jsuperd.launcher.addAll(List.of("prlimit", "--nofile=512:512"));
        jsuperd.start();
        jsuperd.awaitState("keep", 1, "RUNNING");
        jsuperd.awaitState("victim", 1, "RUNNING");
        AttackBound bound = new AttackBound(jsuperd, "reloadToAConfigThatCannotFit").baseline();
        long pid = jsuperd.pidOf("keep", 1);
        try (AttackBound.Probes ignored = bound.probes("a reload to 200 processes under 512 descriptors")) {
            jsuperd.writeConfig(SLEEPER + AttackBound.VICTIM + "[watcher:many]\ncmd = sleep\nargs = 1000\nnumprocesses = 200\n");
            jsuperd.signalDaemon("HUP");
            await().atMost(Duration.ofSeconds(30)).until(() -> jsuperd.daemonLogText().contains("reload failed"));
            bound.respawnInNormalTime();
        }
        assertTrue(jsuperd.daemonLogText().contains("only 512 are available"), jsuperd.daemonLogText());
        assertEquals(pid, jsuperd.pidOf("keep", 1));
        assertEquals(2, jsuperd.services().size());
        bound.recovered();
    }

    @Test
    void softLimitIsRaisedToTheHardLimit_soAFittingConfigStarts() throws Exception {
        jsuperd = new DaemonHarness(tmp, "[watcher:few]\ncmd = sleep\nargs = 1000\nnumprocesses = 100\nstartsecs = 0\n");
        Ctl r = DaemonHarness.run(List.of("prlimit", "--nofile=300:1024", DaemonHarness.dist().resolve("bin/jsuperd").toString(),
                "--check", "-c", jsuperd.config.toString()), null, Map.of());
        assertEquals(0, r.exit(), r.toString()); // 100 × 5 + 262 = 762 > 300 (soft), < 1024 (hard)
    }

    /** Regression (issue 9 #11): a pidfile naming an unrelated live process blocked start-up. */
    @Test
    void pidfileNamingAnUnrelatedLiveProcess_doesNotBlockStartUp() throws Exception {
        Process sleep = new ProcessBuilder("sleep", "120").start();
        try {
            Files.writeString(tmp.resolve("jsuperd.pid"), sleep.pid() + "\n");
            jsuperd = new DaemonHarness(tmp, SLEEPER).start();
            jsuperd.awaitState("keep", 1, "RUNNING");
            assertEquals(jsuperd.pid() + "\n", Files.readString(tmp.resolve("jsuperd.pid")));
            assertTrue(sleep.isAlive(), "the unrelated process is left alone");
        } finally {
            sleep.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void secondDaemonOnTheSamePidfile_isRefused_andTheFirstKeepsItsPidfile() throws Exception {
        jsuperd = new DaemonHarness(tmp, SLEEPER).start();
        jsuperd.awaitState("keep", 1, "RUNNING");
        Path pidfile = tmp.resolve("jsuperd.pid");
        Path other = Files.createDirectory(tmp.resolve("other"));
        Path otherConfig = Files.writeString(other.resolve("other.ini"), "[jsuperd]\nsocket = " + other.resolve("s.sock")
                + "\nlogdir = " + other.resolve("logs") + "\npidfile = " + pidfile + "\n\n[watcher:x]\ncmd = sleep\nargs = 1000\n");
        Ctl r = DaemonHarness.run(List.of(DaemonHarness.dist().resolve("bin/jsuperd").toString(), "-c", otherConfig.toString()),
                null, Map.of());
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.err().contains("pidfile " + pidfile + " is locked by a running jsuperd (pid " + jsuperd.pid() + ")"),
                r.toString());
        assertEquals(jsuperd.pid() + "\n", Files.readString(pidfile));
        assertTrue(jsuperd.process().isAlive());
    }
}
