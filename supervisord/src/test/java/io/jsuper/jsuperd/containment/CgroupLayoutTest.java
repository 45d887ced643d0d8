package io.jsuper.jsuperd.containment;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

class CgroupLayoutTest {
    private static final Path MOUNT = Path.of("/sys/fs/cgroup");

    private static Optional<CgroupLayout> choose(String own, int euid, boolean writable, boolean ownedByUs,
                                                 boolean systemd, StringBuilder why) {
        return CgroupLayout.choose(new CgroupLayout.Facts(MOUNT, own, euid, writable, ownedByUs, systemd, "abc123"), why);
    }

    @Test
    void rootInTheRootCgroup_getsATopLevelGroupOfItsOwn() {
        CgroupLayout l = choose("/", 0, true, true, false, new StringBuilder()).orElseThrow();
        assertEquals(MOUNT.resolve("jsuper-abc123"), l.base());
        assertEquals(Optional.empty(), l.daemonLeaf());
    }

    @Test
    void rootServiceUnderSystemd_usesItsDelegatedCgroup_andMovesItselfIntoALeaf() {
        CgroupLayout l = choose("/system.slice/jsuper.service", 0, true, true, true, new StringBuilder()).orElseThrow();
        Path own = MOUNT.resolve("system.slice/jsuper.service");
        assertEquals(own, l.base());
        assertEquals(Optional.of(own.resolve("daemon")), l.daemonLeaf(), "no internal processes: the daemon is a leaf");
    }

    @Test
    void rootOutsideSystemd_inSomeoneElsesCgroup_staysOutOfIt() {
        CgroupLayout l = choose("/user.slice/session-3.scope", 0, true, true, false, new StringBuilder()).orElseThrow();
        assertEquals(MOUNT.resolve("jsuper-abc123"), l.base());
    }

    @Test
    void nonRoot_withADelegatedSubtree_usesIt() {
        CgroupLayout l = choose("/user.slice/user-1000.slice/user@1000.service/app.slice/jsuper.service", 1000,
                true, true, true, new StringBuilder()).orElseThrow();
        assertTrue(l.daemonLeaf().isPresent());
    }

    @Test
    void nonRoot_withoutDelegation_cannot_andSaysWhy() {
        StringBuilder why = new StringBuilder();
        assertEquals(Optional.empty(), choose("/user.slice/session-3.scope", 1000, false, false, false, why));
        assertTrue(why.toString().contains("uid 1000"), why.toString());
        assertTrue(why.toString().contains("Delegate=yes"), why.toString());
    }
}
