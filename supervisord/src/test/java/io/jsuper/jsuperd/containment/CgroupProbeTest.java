package io.jsuper.jsuperd.containment;

import io.jsuper.jsuperd.config.ContainmentMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class CgroupProbeTest {

    @TempDir
    Path dir;

    private CgroupProbe probe(String mountinfo, String cgroup, String rootSubtreeControl) throws Exception {
        Path self = Files.createDirectories(dir.resolve("self"));
        Path mount = Files.createDirectories(dir.resolve("cgroup"));
        Files.writeString(mount.resolve("cgroup.procs"), "");
        Files.writeString(mount.resolve("cgroup.subtree_control"), rootSubtreeControl);
        Files.writeString(self.resolve("mountinfo"), mountinfo.replace("MOUNT", mount.toString()));
        Files.writeString(self.resolve("cgroup"), cgroup);
        return CgroupProbe.probe(self, 0, Map.of(), "abc");
    }

    @Test
    void hybridHost_rootCanCreate_butNoControllers_soLimitsAreRefusedWithTheReason() throws Exception {
        CgroupProbe p = probe("41 31 0:38 / MOUNT rw - cgroup2 cgroup2 rw\n", "0::/\n", "\n");
        assertTrue(p.available());
        assertEquals(Set.of(), p.controllers());
        String why = p.whyUnavailable("memory", ContainmentMode.AUTO).orElseThrow();
        assertTrue(why.contains("not memory"), why);
    }

    @Test
    void unifiedHost_withControllers_acceptsThem() throws Exception {
        CgroupProbe p = probe("30 23 0:26 / MOUNT rw shared:4 - cgroup2 cgroup2 rw\n", "0::/\n", "cpu io memory pids\n");
        assertEquals(Set.of("cpu", "memory", "pids"), p.controllers());
        assertEquals(Optional.empty(), p.whyUnavailable("memory", ContainmentMode.CGROUP));
        assertTrue(p.whyUnavailable("memory", ContainmentMode.PROCESS_GROUP).orElseThrow().contains("process-group"));
    }

    @Test
    void noCgroupV2_saysSo() throws Exception {
        CgroupProbe p = probe("35 31 0:30 / /sys/fs/cgroup/cpu rw - cgroup cgroup rw,cpu\n", "1:cpu:/\n", "");
        assertFalse(p.available());
        assertTrue(p.whyUnavailable("cpu", ContainmentMode.AUTO).orElseThrow().contains("no cgroup v2"));
    }

    @Test
    void instance_isStablePerSocket_andDiffersBetweenSockets() {
        assertEquals(CgroupProbe.instanceOf(Path.of("/run/a.sock")), CgroupProbe.instanceOf(Path.of("/run/a.sock")));
        assertNotEquals(CgroupProbe.instanceOf(Path.of("/run/a.sock")), CgroupProbe.instanceOf(Path.of("/run/b.sock")));
        assertEquals(12, CgroupProbe.instanceOf(Path.of("/x")).length());
    }
}
