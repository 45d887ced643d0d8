package io.jsuper.jsuperd.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

/** kill_mode, the cgroup limit options and [jsuperd] containment: values, and refusal where the host cannot apply them. */
class ContainmentOptionsTest {

    @TempDir
    Path dir;

    private static final CgroupSupport NO_MEMORY = (controller, mode) -> controller.equals("memory")
            ? Optional.of("no memory here") : Optional.empty();

    @Test
    void defaults_controlGroupKillMode_noLimits_autoContainment() throws Exception {
        JsuperConfig c = ConfigFiles.load(ConfigFiles.write(dir, "j.ini", "[watcher:web]", "cmd = sleep 1"));
        assertEquals(KillMode.CONTROL_GROUP, c.watchers().get("web").killMode());
        assertEquals(CgroupLimits.NONE, c.watchers().get("web").limits());
        assertEquals(ContainmentMode.AUTO, c.daemon().containment());
    }

    @Test
    void bindsEveryOption() throws Exception {
        JsuperConfig c = ConfigFiles.load(ConfigFiles.write(dir, "j.ini", "[jsuperd]", "containment = process-group",
                "[watcher:web]", "cmd = sleep 1", "kill_mode = process", "memory_max = 512MB", "cpu_weight = 50",
                "cpu_max = 150%", "tasks_max = 100"));
        WatcherConfig w = c.watchers().get("web");
        assertEquals(ContainmentMode.PROCESS_GROUP, c.daemon().containment());
        assertEquals(KillMode.PROCESS, w.killMode());
        assertEquals(new CgroupLimits(Optional.of(512L << 20), Optional.of(50), Optional.of("150000 100000"),
                Optional.of(100L)), w.limits());
    }

    @Test
    void badValues_areErrorsWithLineAndWhatWouldBeRight() {
        ConfigException e = ConfigFiles.failure(ConfigFiles.write(dir, "j.ini", "[jsuperd]", "containment = docker",
                "[watcher:web]", "cmd = sleep 1", "kill_mode = mixed", "cpu_weight = 0", "cpu_max = 2", "tasks_max = -1",
                "memory_max = 0"));
        String m = e.getMessage();
        assertTrue(m.contains("j.ini:2: [jsuperd] containment: \"docker\" is not a containment mode (expected auto, cgroup or process-group)"), m);
        assertTrue(m.contains("j.ini:5: [watcher:web] kill_mode: \"mixed\" is not a kill mode (expected control-group or process)"), m);
        assertTrue(m.contains("j.ini:6: [watcher:web] cpu_weight:"), m);
        assertTrue(m.contains("j.ini:7: [watcher:web] cpu_max: \"2\" is not a percentage"), m);
        assertTrue(m.contains("j.ini:8: [watcher:web] tasks_max:"), m);
        assertTrue(m.contains("j.ini:9: [watcher:web] memory_max: 0 bytes would let no process run"), m);
    }

    @Test
    void aLimitTheHostCannotApply_isRefused_namingFileLineOptionAndWhy() {
        Path file = ConfigFiles.write(dir, "j.ini", "[watcher:web]", "cmd = sleep 1", "cpu_weight = 50", "memory_max = 1GB");
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(file, Accounts.UNCHECKED, NO_MEMORY));
        String m = e.getMessage();
        assertTrue(m.contains("j.ini:4: [watcher:web] memory_max: memory_max needs the cgroup v2 memory controller,"
                + " which jsuperd cannot use here: no memory here"), m);
        assertFalse(m.contains("cpu_weight"), "the cpu controller is there: " + m);
    }
}
