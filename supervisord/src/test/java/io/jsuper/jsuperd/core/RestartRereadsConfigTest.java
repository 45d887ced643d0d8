package io.jsuper.jsuperd.core;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code restart NAME} uses the config file's definition of the watcher as it is now (issue 12). */
class RestartRereadsConfigTest extends SupervisorOnManualClock {

    private static TestWatchers watcher(String name, String args) {
        TestWatchers w = new TestWatchers();
        w.name = name;
        w.args = args;
        w.startsecs = Duration.ZERO;
        return w;
    }

    @Test
    void restart_spawnsTheDefinitionTheFileHasNow_andOnlyForTheRestartedWatcher() throws Exception {
        boot(watcher("web", "1000"), watcher("api", "1000"));
        assertEquals(List.of("1000", "1000"), argsOfSpawns());
        file.set(config(watcher("web", "2000"), watcher("api", "3000")));

        List<ProcessInfo> infos = now(supervisor.restart("web", false));
        exit(infos.get(0).pid());
        assertEquals("2000", argsOfSpawns().get(argsOfSpawns().size() - 1));
        assertEquals("2000", supervisor.config().watchers().get("web").args());
        assertEquals("1000", supervisor.config().watchers().get("api").args(), "api was not restarted");
        assertEquals(3, posix.spawned.size());
    }

    @Test
    void restart_withABrokenFile_failsNamingIt_andRestartsNothing() throws Exception {
        supervisor = supervisorReading(() -> {
            throw new ControlException(ErrorCode.BAD_CONFIG, "jsuperd.ini:3: cmd: missing");
        });
        int spawned = posix.spawned.size();
        ExecutionException e = assertThrows(ExecutionException.class, () -> now(supervisor.restart("web", false)));
        assertEquals(ErrorCode.BAD_CONFIG, ((ControlException) e.getCause()).code());
        assertTrue(e.getCause().getMessage().contains("restart reads web's definition from the config file, which "
                + "cannot be used now (nothing was restarted): jsuperd.ini:3: cmd: missing"), e.getCause().getMessage());
        assertEquals(spawned, posix.spawned.size());
    }

    @Test
    void restart_ofAWatcherNoLongerInTheFile_keepsTheDefinitionItRuns() throws Exception {
        boot(watcher("web", "1000"), watcher("api", "1000"));
        file.set(config(watcher("api", "1000")));
        List<ProcessInfo> infos = now(supervisor.restart("web", false));
        exit(infos.get(0).pid());
        assertEquals("1000", argsOfSpawns().get(argsOfSpawns().size() - 1));
        assertTrue(supervisor.config().watchers().containsKey("web"));
    }

    /** A supervisor booted on the current file whose later reads come from {@code source}. */
    private Supervisor supervisorReading(ConfigSource source) {
        Supervisor s = new Supervisor(time, reaper, source, Runnable::run, listener -> new ProcessContext(posix,
                new FakePump(), time, time, new SpawnPlanner(posix, java.util.Map.of()),
                (f, max, backups) -> new DiscardSink(), () -> java.nio.file.Path.of("/tmp/logs"), listener));
        s.boot(config(watcher("web", "1000")));
        time.run();
        return s;
    }
}
