package io.jsuper.jsuperd.containment;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CgroupMountsTest {

    private static final String V1_CPU = "35 31 0:30 / /sys/fs/cgroup/cpu rw,nosuid,nodev,noexec,relatime shared:12 - cgroup cgroup rw,cpu";
    private static final String HYBRID_V2 = "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw";
    private static final String UNIFIED = "30 23 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot";
    private static final String PROC = "22 28 0:20 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc rw";

    @Test
    void hybridHost_v2IsTheUnifiedMount_notAV1Controller() {
        assertEquals(Optional.of(Path.of("/sys/fs/cgroup/unified")), CgroupMounts.v2Mount(List.of(PROC, V1_CPU, HYBRID_V2)));
    }

    @Test
    void unifiedHost_withOptionalFields() {
        assertEquals(Optional.of(Path.of("/sys/fs/cgroup")), CgroupMounts.v2Mount(List.of(PROC, UNIFIED)));
    }

    @Test
    void v1Only_hasNoV2() {
        assertEquals(Optional.empty(), CgroupMounts.v2Mount(List.of(PROC, V1_CPU, "garbage", "")));
    }

    @Test
    void bindMountOfASubtree_doesNotCount() {
        String sub = "50 31 0:38 /some/sub /mnt/cg rw - cgroup2 cgroup2 rw";
        assertEquals(Optional.of(Path.of("/sys/fs/cgroup/unified")), CgroupMounts.v2Mount(List.of(sub, HYBRID_V2)));
    }

    @Test
    void octalEscapes_areDecoded() {
        String spaced = "41 31 0:38 / /mnt/my\\040cgroups rw - cgroup2 cgroup2 rw";
        assertEquals(Optional.of(Path.of("/mnt/my cgroups")), CgroupMounts.v2Mount(List.of(spaced)));
    }

    @Test
    void ownPath_isTheZeroLine() {
        assertEquals(Optional.of("/"), CgroupMounts.v2Path(List.of("4:memory:/x", "0::/")));
        assertEquals(Optional.of("/system.slice/jsuper.service"),
                CgroupMounts.v2Path(List.of("0::/system.slice/jsuper.service")));
        assertEquals(Optional.empty(), CgroupMounts.v2Path(List.of("4:memory:/x")));
    }
}
