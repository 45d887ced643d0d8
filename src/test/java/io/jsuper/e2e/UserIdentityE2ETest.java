package io.jsuper.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Watchers running as another user, end to end, as root: a throwaway system user and supplementary
 * group are created for the class and removed after it. Each child reports its own credentials,
 * umask, limits and environment on stdout, and the test reads them from the captured log.
 */
class UserIdentityE2ETest extends DaemonE2ETest {
    private static final String SUFFIX = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xFFFFFF));
    private static final String USER = "jsut" + SUFFIX;
    private static final String SUPP_GROUP = "jsug" + SUFFIX;
    private static final String HOME = "/nonexistent/" + USER;
    private static final String REPORT = "args = -c \"cat /proc/self/status; echo umask=$(umask); echo nofile=$(ulimit -n);"
            + " env; echo END; exec sleep 1000\"\n";

    private static final List<String> createdUsers = new ArrayList<>();
    private static final List<String> createdGroups = new ArrayList<>();
    private static int uid;
    private static int gid;
    private static int suppGid;


    @BeforeAll
    static void createUser() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "needs root to create a test user and to switch users (running as " + System.getProperty("user.name") + ")");
        run("groupadd", "--system", SUPP_GROUP);
        createdGroups.add(SUPP_GROUP);
        run("useradd", "--system", "--no-create-home", "-d", HOME, "-s", "/usr/sbin/nologin", "-U", "-G", SUPP_GROUP, USER);
        createdUsers.add(USER);
        createdGroups.add(USER);
        uid = Integer.parseInt(run("id", "-u", USER).strip());
        gid = Integer.parseInt(run("id", "-g", USER).strip());
        suppGid = Integer.parseInt(run("getent", "group", SUPP_GROUP).split(":")[2]);
    }

    @AfterAll
    static void removeUser() throws Exception {
        for (String user : createdUsers) {
            runIgnoringFailure("userdel", user);
        }
        for (String group : createdGroups) {
            runIgnoringFailure("groupdel", group);
        }
    }

    private DaemonHarness start(String watchers) throws IOException {
        jsuperd = new DaemonHarness(tmp, watchers);
        jsuperd.environment.put("JSUPER_E2E_MARKER", "from-the-daemon");
        return jsuperd.start();
    }

    private static String reporter(String name, String extra) {
        return "[watcher:" + name + "]\ncmd = /bin/sh\n" + REPORT + "working_dir = /\nstartsecs = 0\n" + extra + "\n";
    }

    /** Waits for the child's report and returns its status fields and environment. */
    private Report report(String watcher) throws IOException {
        Path log = jsuperd.logdir.resolve(watcher + "-1.stdout.log");
        await().atMost(Duration.ofSeconds(20)).until(() -> DaemonHarness.read(log).contains("\nEND\n"));
        return new Report(DaemonHarness.read(log));
    }

    private record Report(String text) {
        String status(String field) {
            return text.lines().filter(l -> l.startsWith(field + ":")).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + field + " in " + text))
                    .substring(field.length() + 1).strip();
        }

        Map<String, String> env() {
            Map<String, String> env = new HashMap<>();
            boolean inEnv = false;
            for (String line : text.lines().toList()) {
                if (line.startsWith("nofile=")) {
                    inEnv = true;
                } else if (line.equals("END")) {
                    break;
                } else if (inEnv && line.contains("=")) {
                    env.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
                }
            }
            return env;
        }

        boolean has(String line) {
            return text.lines().anyMatch(line::equals);
        }
    }

    @Test
    void uid_runsAsTheUser_withItsGroups_noCapabilities_cleanSignals_umaskAndLimits() throws Exception {
        start(reporter("asuser", "uid = " + USER + "\numask = 027\nrlimit_nofile = 1234"));
        Report r = report("asuser");
        assertEquals(uid + "\t" + uid + "\t" + uid + "\t" + uid, r.status("Uid"));
        assertEquals(gid + "\t" + gid + "\t" + gid + "\t" + gid, r.status("Gid"));
        assertEquals(Set.of(gid, suppGid), groups(r.status("Groups")));
        assertEquals("0000000000000000", r.status("CapEff"));
        assertEquals("0000000000000000", r.status("CapPrm"));
        assertEquals("0000000000000000", r.status("SigBlk"));
        assertTrue(r.has("umask=0027"), r.text());
        assertTrue(r.has("nofile=1234"), r.text());
        Map<String, String> env = r.env();
        assertEquals(HOME, env.get("HOME"));
        assertEquals(USER, env.get("USER"));
        assertEquals(USER, env.get("LOGNAME"));
        assertEquals("/usr/sbin/nologin", env.get("SHELL"));
    }

    @Test
    void gid_withUid_replacesThePrimaryGroup() throws Exception {
        start(reporter("withgid", "uid = " + USER + "\ngid = " + SUPP_GROUP));
        Report r = report("withgid");
        assertEquals(uid + "\t" + uid + "\t" + uid + "\t" + uid, r.status("Uid"));
        assertEquals(suppGid + "\t" + suppGid + "\t" + suppGid + "\t" + suppGid, r.status("Gid"));
        assertTrue(groups(r.status("Groups")).contains(suppGid), r.status("Groups"));
    }

    @Test
    void environment_cleanByDefault_copyEnvKeepsTheDaemonsButTheUserWins_envFileAndEnvLayered() throws Exception {
        Files.writeString(tmp.resolve("app.env"), "# settings\nexport FROM_FILE=yes\nLAYER='file'\nHOME=/from/file\n");
        start(reporter("clean", "uid = " + USER)
                + reporter("copied", "uid = " + USER + "\ncopy_env = true")
                + reporter("layered", "uid = " + USER + "\nenv_file = app.env\nenv = LAYER=option"));
        Map<String, String> clean = report("clean").env();
        assertEquals(Set.of("PATH", "HOME", "USER", "LOGNAME", "SHELL", "CIRCUS_WID", "JSUPER_WID", "JSUPER_WATCHER",
                "PWD", "SHLVL", "LANG", "TZ", "_"), union(clean.keySet(), Set.of("PWD", "SHLVL", "LANG", "TZ", "_")),
                "clean env: " + clean);
        assertFalse(clean.containsKey("JSUPER_E2E_MARKER"));

        Map<String, String> copied = report("copied").env();
        assertEquals("from-the-daemon", copied.get("JSUPER_E2E_MARKER"));
        assertEquals(HOME, copied.get("HOME"), "the user's HOME wins over the daemon's");
        assertEquals(USER, copied.get("USER"));

        Map<String, String> layered = report("layered").env();
        assertEquals("yes", layered.get("FROM_FILE"));
        assertEquals("option", layered.get("LAYER"), "env wins over env_file");
        assertEquals("/from/file", layered.get("HOME"), "env_file wins over the passwd entry");
        assertFalse(layered.containsKey("JSUPER_E2E_MARKER"));
    }

    @Test
    void changedEnvFile_onReload_restartsTheWatcherWithTheNewValue() throws Exception {
        Path envFile = Files.writeString(tmp.resolve("app.env"), "VERSION=1\n");
        String config = reporter("versioned", "uid = " + USER + "\nenv_file = app.env");
        start(config);
        assertEquals("1", report("versioned").env().get("VERSION"));
        long before = jsuperd.pidOf("versioned", 1);
        Files.writeString(envFile, "VERSION=2\n");
        Files.delete(jsuperd.logdir.resolve("versioned-1.stdout.log"));
        jsuperd.signalDaemon("HUP");
        await().atMost(Duration.ofSeconds(20)).until(() -> jsuperd.pidOf("versioned", 1) != before
                && jsuperd.pidOf("versioned", 1) > 0);
        assertEquals("2", report("versioned").env().get("VERSION"));
        assertNotEquals(before, jsuperd.pidOf("versioned", 1));
    }

    @Test
    void logFiles_belongToTheDaemon_notTheWatchersUser_andAPlantedSymlinkIsNotFollowed() throws Exception {
        Files.createDirectories(tmp.resolve("logs"));
        Path precious = Files.writeString(tmp.resolve("precious"), "keep me\n");
        Files.createSymbolicLink(tmp.resolve("logs/planted-1.stdout.log"), precious);
        start(reporter("owned", "uid = " + USER) + reporter("planted", "uid = " + USER));
        report("owned");
        Path log = jsuperd.logdir.resolve("owned-1.stdout.log");
        assertEquals(0, (Integer) Files.getAttribute(log, "unix:uid", LinkOption.NOFOLLOW_LINKS));
        int mode = (Integer) Files.getAttribute(log, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        assertEquals(0400, mode & 0400, "the operator (the daemon's user) can read it");
        assertEquals(0, mode & 0022, "neither group nor others can write it");

        jsuperd.awaitState("planted", 1, "RUNNING");
        await().atMost(Duration.ofSeconds(20)).until(() -> jsuperd.daemonLogText().contains("planted-1.stdout.log"));
        assertTrue(jsuperd.daemonLogText().contains("symbolic link"), jsuperd.daemonLogText());
        assertEquals("keep me\n", Files.readString(precious));
        assertTrue(Files.isSymbolicLink(tmp.resolve("logs/planted-1.stdout.log")));
    }

    @Test
    void unknownUser_isAConfigErrorWithFileAndLine() throws Exception {
        Path config = tmp.resolve("jsuperd.ini");
        Files.writeString(config, "[watcher:ghost]\ncmd = /bin/true\nuid = " + USER + "x\n");
        Process check = new ProcessBuilder(DaemonHarness.dist().resolve("bin/jsuperd").toString(), "-c", config.toString(),
                "--check").redirectErrorStream(true).start();
        String out = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertNotEquals(0, check.waitFor(), out);
        assertTrue(out.contains("jsuperd.ini:3: [watcher:ghost] uid: unknown user \"" + USER + "x\" on this host"), out);
    }

    @Test
    void userDeletedAfterLoad_isASpawnErrorInTheApi_notACrash() throws Exception {
        String gone = "jsuv" + SUFFIX;
        run("useradd", "--system", "--no-create-home", "-s", "/usr/sbin/nologin", "-U", gone);
        createdUsers.add(gone);
        createdGroups.add(gone);
        start(reporter("orphan", "uid = " + gone + "\nautostart = false\nmax_retry = 0"));
        run("userdel", gone);
        jsuperd.post("/services/orphan/start");
        jsuperd.awaitState("orphan", 1, "FATAL");
        assertEquals("unknown user: " + gone, jsuperd.process("orphan", 1).get("last_spawn_error").asText());
        assertTrue(jsuperd.process().isAlive());
    }

    private static Set<Integer> groups(String field) {
        return field.isBlank() ? Set.of()
                : java.util.Arrays.stream(field.split("\\s+")).map(Integer::parseInt).collect(Collectors.toSet());
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return all;
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }

    private static void runIgnoringFailure(String... command) throws IOException, InterruptedException {
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start().waitFor();
    }
}
