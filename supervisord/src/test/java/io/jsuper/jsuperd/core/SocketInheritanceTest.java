package io.jsuper.jsuperd.core;

import io.jsuper.jsuperd.config.DeploySettings;
import io.jsuper.jsuperd.os.SpawnRequest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a use_sockets process is given: fds from 3, $(circus.sockets.NAME), systemd's LISTEN_* variables. */
class SocketInheritanceTest {
    private static final ListenSockets TWO = new ListenSockets() {
        @Override
        public List<String> names() {
            return List.of("web", "admin");
        }

        @Override
        public List<Integer> fds() {
            return List.of(140, 141);
        }
    };

    private final FakePosix posix = new FakePosix();
    private final TestWatchers watcher = new TestWatchers();
    private final SpawnPlanner planner = new SpawnPlanner(posix, Map.of("PATH", "/usr/bin:/bin", "LISTEN_FDS", "1",
            "LISTEN_PID", "1", "LISTEN_FDNAMES", "jsuperd"), io.jsuper.jsuperd.containment.Containment.groupKillOnStop(posix),
            Optional.empty(), TWO);

    @Test
    void useSockets_passesEveryDaemonSocketFromFd3_withSystemdVariables() throws SpawnPlanner.PlanException {
        watcher.cmd = "/bin/sleep";
        watcher.args = "1000";
        watcher.env = Map.of("WEB_FD", "$(circus.sockets.web)");
        watcher.deploy = new DeploySettings(true, 1, 0, Optional.empty());
        SpawnRequest r = planner.plan(watcher.build(), 1);
        assertEquals(List.of(140, 141), r.listenFds());
        assertEquals("3", r.env().get("WEB_FD"));
        assertEquals("2", r.env().get("LISTEN_FDS"));
        assertEquals("web:admin", r.env().get("LISTEN_FDNAMES"));
        assertEquals("0000000000", r.env().get("LISTEN_PID"), "room for the pid the spawn helper writes");
    }

    @Test
    void fdNamedOnTheCommandLine_isSubstituted_andNoSystemdVariablesAreSet() throws SpawnPlanner.PlanException {
        watcher.cmd = "/bin/sh";
        watcher.args = "-c 'gunicorn --bind fd://$(circus.sockets.admin)'";
        watcher.deploy = new DeploySettings(true, 1, 0, Optional.empty());
        SpawnRequest r = planner.plan(watcher.build(), 1);
        assertEquals(List.of(140, 141), r.listenFds());
        assertEquals(List.of("/bin/sh", "-c", "gunicorn --bind fd://4"), r.argv());
        assertFalse(r.env().containsKey("LISTEN_FDS"), "gunicorn would open fd 4 twice");
        assertFalse(r.env().containsKey("LISTEN_PID"));
    }

    @Test
    void withoutUseSockets_nothingIsPassed_andTheDaemonsOwnActivationVariablesStayBehind() throws SpawnPlanner.PlanException {
        watcher.copyEnv = true;
        SpawnRequest r = planner.plan(watcher.build(), 1);
        assertEquals(List.of(), r.listenFds());
        assertFalse(r.env().containsKey("LISTEN_FDS"));
        assertFalse(r.env().containsKey("LISTEN_PID"));
        assertFalse(r.env().containsKey("LISTEN_FDNAMES"));
    }

    @Test
    void referenceToASocketTheDaemonDoesNotHold_failsThePlanWithTheReason() {
        watcher.args = "--fd $(circus.sockets.gone)";
        watcher.deploy = new DeploySettings(true, 1, 0, Optional.empty());
        SpawnPlanner.PlanException e = assertThrows(SpawnPlanner.PlanException.class, () -> planner.plan(watcher.build(), 1));
        assertTrue(e.getMessage().contains("$(circus.sockets.gone) names no socket jsuperd holds (open: [web, admin])"), e.getMessage());
    }
}
