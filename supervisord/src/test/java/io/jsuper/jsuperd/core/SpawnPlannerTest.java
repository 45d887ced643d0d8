package io.jsuper.jsuperd.core;

import io.jsuper.jsuperd.os.SpawnRequest;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpawnPlannerTest {
    private static final Map<String, String> DAEMON_ENV = Map.of(
            "PATH", "/opt/daemon/bin:/usr/bin:/bin", "HOME", "/root", "USER", "root", "LOGNAME", "root",
            "SHELL", "/bin/bash", "LANG", "C.UTF-8", "TZ", "UTC", "SECRET", "daemon-only",
            "_JAVA_SR_SIGNUM", "12");

    private final FakePosix posix = new FakePosix();
    private final TestWatchers watcher = new TestWatchers();
    private final SpawnPlanner planner = new SpawnPlanner(posix, DAEMON_ENV);

    private SpawnRequest plan() throws SpawnPlanner.PlanException {
        return planner.plan(watcher.build(), 2);
    }

    @Test
    void cleanEnv_isPathLangTzAndTheWorkerIds() throws Exception {
        assertEquals(Map.of("PATH", SpawnPlanner.DEFAULT_PATH, "LANG", "C.UTF-8", "TZ", "UTC",
                "CIRCUS_WID", "2", "JSUPER_WID", "2", "JSUPER_WATCHER", "web"), plan().env());
    }

    @Test
    void cleanEnv_withUid_addsTheUsersPasswdValues() throws Exception {
        posix.euid = 0;
        watcher.uid = Optional.of("app");
        Map<String, String> env = plan().env();
        assertEquals("/home/app", env.get("HOME"));
        assertEquals("app", env.get("USER"));
        assertEquals("app", env.get("LOGNAME"));
        assertEquals("/bin/sh", env.get("SHELL"));
        assertFalse(env.containsKey("SECRET"));
    }

    @Test
    void copyEnv_usersValuesWinOverTheDaemons_andJvmInternalsAreDropped() throws Exception {
        posix.euid = 0;
        watcher.uid = Optional.of("app");
        watcher.copyEnv = true;
        Map<String, String> env = plan().env();
        assertEquals("/home/app", env.get("HOME"));
        assertEquals("app", env.get("USER"));
        assertEquals("app", env.get("LOGNAME"));
        assertEquals("/bin/sh", env.get("SHELL"));
        assertEquals("daemon-only", env.get("SECRET"));
        assertEquals("/opt/daemon/bin:/usr/bin:/bin", env.get("PATH"));
        assertFalse(env.containsKey("_JAVA_SR_SIGNUM"));
    }

    @Test
    void watcherEnv_winsOverPasswdAndDaemon_butNotOverTheWorkerIds() throws Exception {
        posix.euid = 0;
        watcher.uid = Optional.of("app");
        watcher.copyEnv = true;
        watcher.env = Map.of("HOME", "/srv/app", "SECRET", "mine", "JSUPER_WID", "99", "PORT", "80$(circus.wid)");
        Map<String, String> env = plan().env();
        assertEquals("/srv/app", env.get("HOME"));
        assertEquals("mine", env.get("SECRET"));
        assertEquals("2", env.get("JSUPER_WID"));
        assertEquals("802", env.get("PORT"));
    }

    @Test
    void rootDaemon_uid_usesThePrimaryGroupAndInitgroups() throws Exception {
        posix.euid = 0;
        watcher.uid = Optional.of("app");
        assertEquals(Optional.of(new SpawnRequest.Identity(1001, 1001, List.of(1001, 50))), plan().identity());
    }

    @Test
    void rootDaemon_uidAndGid_gidReplacesThePrimaryGroup() throws Exception {
        posix.euid = 0;
        watcher.uid = Optional.of("1001");
        watcher.gid = Optional.of("root");
        assertEquals(Optional.of(new SpawnRequest.Identity(1001, 0, List.of(0, 50))), plan().identity());
    }

    @Test
    void rootDaemon_gidAlone_keepsRootWithThatGroupOnly() throws Exception {
        posix.euid = 0;
        watcher.gid = Optional.of("staff");
        assertEquals(Optional.of(new SpawnRequest.Identity(0, 50, List.of(50))), plan().identity());
        assertFalse(plan().env().containsKey("HOME"), "no uid: no passwd values");
    }

    @Test
    void noUidNoGid_keepsTheDaemonsIdentity() throws Exception {
        posix.euid = 0;
        assertEquals(Optional.empty(), plan().identity());
    }

    @Test
    void nonRootDaemon_otherUser_isRefusedSayingWhy() {
        posix.euid = 1000;
        watcher.uid = Optional.of("app");
        var e = assertThrows(SpawnPlanner.PlanException.class, this::plan);
        assertEquals("jsuperd runs as uid 1000 and cannot switch to user app: only root can run a watcher as"
                + " another user or group", e.getMessage());
    }

    @Test
    void nonRootDaemon_itsOwnUser_isAllowed() throws Exception {
        posix.euid = 1001;
        watcher.uid = Optional.of("app");
        assertEquals(Optional.empty(), plan().identity());
        assertEquals("/home/app", plan().env().get("HOME"));
    }

    @Test
    void unknownUserOrGroup_isAPlanError() {
        posix.euid = 0;
        watcher.uid = Optional.of("ghost");
        assertEquals("unknown user: ghost", assertThrows(SpawnPlanner.PlanException.class, this::plan).getMessage());
        watcher.uid = Optional.empty();
        watcher.gid = Optional.of("ghosts");
        assertEquals("unknown group: ghosts", assertThrows(SpawnPlanner.PlanException.class, this::plan).getMessage());
    }

    @Test
    void bareCmd_isLookedUpOnTheChildsPath() throws Exception {
        watcher.cmd = "sh";
        watcher.env = Map.of("PATH", "/nonexistent");
        var e = assertThrows(SpawnPlanner.PlanException.class, this::plan);
        assertEquals("cmd sh: command not found on PATH=/nonexistent", e.getMessage());
        watcher.env = Map.of("PATH", "/nonexistent:/bin");
        assertEquals("sh", plan().argv().get(0));
    }

    @Test
    void missingExecutable_isAClearError() {
        watcher.cmd = "/nonexistent/app";
        var e = assertThrows(SpawnPlanner.PlanException.class, this::plan);
        assertTrue(e.getMessage().equals("cmd /nonexistent/app: No such file or directory"), e.getMessage());
    }
}
