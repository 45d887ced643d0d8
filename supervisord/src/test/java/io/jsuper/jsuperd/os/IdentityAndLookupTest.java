package io.jsuper.jsuperd.os;

import io.jsuper.jsuperd.os.NativeFixture.Child;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.jsuper.jsuperd.os.NativeFixture.POSIX;
import static io.jsuper.jsuperd.os.NativeFixture.spawn;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** passwd/group lookups, and switching user in the helper (the latter only as root, as in CI). */
class IdentityAndLookupTest {

    private static final int NOBODY = 65534;
    private final List<Integer> started = new ArrayList<>();

    @TempDir
    Path tmp;

    @AfterEach
    void killStarted() {
        NativeFixture.killAll(started);
    }

    @Test
    void lookupUser_byNameAndById() {
        UserEntry root = POSIX.lookupUser("root").orElseThrow();
        assertEquals(0, root.uid());
        assertEquals(0, root.gid());
        assertEquals("/root", root.home());
        assertEquals(Optional.of(root), POSIX.lookupUser("0"));
    }

    @Test
    void lookupUser_unknownNameOrUid_isEmpty() {
        assertEquals(Optional.empty(), POSIX.lookupUser("no-such-user-jsuper"));
        assertEquals(Optional.empty(), POSIX.lookupUser("3999999"));
    }

    @Test
    void lookupGroup_byNameAndById() {
        GroupEntry root = POSIX.lookupGroup("root").orElseThrow();
        assertEquals(0, root.gid());
        assertEquals(Optional.of(root), POSIX.lookupGroup("0"));
        assertEquals(Optional.empty(), POSIX.lookupGroup("no-such-group-jsuper"));
    }

    @Test
    void groupsOf_includesPrimaryGroup() {
        assertTrue(POSIX.groupsOf("root", 0).contains(0));
        assertTrue(POSIX.groupsOf("no-such-user-jsuper", 4242).contains(4242));
    }

    @Test
    void identity_switchesUidGidAndGroups() throws Exception {
        assumeTrue(POSIX.geteuid() == 0, "needs root");
        SpawnRequest r = new SpawnRequest(List.of("/bin/sh", "-c", "grep -E '^(Uid|Gid|Groups):' /proc/self/status"),
                NativeFixture.ENV, null, Optional.of(new SpawnRequest.Identity(NOBODY, NOBODY, List.of(NOBODY))),
                Optional.empty(), Map.of(), false);
        Child c = spawn(r, started);
        assertEquals(ExitStatus.exited(0), c.awaitExit(), () -> c.execFailure().orElse("?"));
        await().until(() -> c.out.text().lines().count() == 3);
        assertEquals("Uid:\t65534\t65534\t65534\t65534\nGid:\t65534\t65534\t65534\t65534\nGroups:\t65534 \n", c.out.text());
    }

    @Test
    void identity_withoutGroups_keepsOnlyPrimaryGroup() throws Exception {
        assumeTrue(POSIX.geteuid() == 0, "needs root");
        SpawnRequest r = new SpawnRequest(List.of("/bin/sh", "-c", "grep -E '^Groups:' /proc/self/status; id -u"),
                NativeFixture.ENV, null, Optional.of(new SpawnRequest.Identity(NOBODY, NOBODY, List.of())),
                Optional.empty(), Map.of(), false);
        Child c = spawn(r, started);
        assertEquals(ExitStatus.exited(0), c.awaitExit());
        await().until(() -> c.out.text().lines().count() == 2);
        assertEquals("Groups:\t65534 \n65534\n", c.out.text());
    }

    @Test
    void identity_chdirHappensAsTheNewUser() throws Exception {
        assumeTrue(POSIX.geteuid() == 0, "needs root");
        Path privateDir = Files.createDirectory(tmp.resolve("private"));
        Files.setPosixFilePermissions(privateDir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        SpawnRequest r = new SpawnRequest(List.of("true"), NativeFixture.ENV, privateDir,
                Optional.of(new SpawnRequest.Identity(NOBODY, NOBODY, List.of())), Optional.empty(), Map.of(), false);
        Child c = spawn(r, started);
        assertEquals(ExitStatus.exited(127), c.awaitExit());
        assertEquals(Optional.of("chdir " + privateDir + ": Permission denied"), c.execFailure());
    }
}
