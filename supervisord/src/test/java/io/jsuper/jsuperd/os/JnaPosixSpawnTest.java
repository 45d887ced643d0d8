package io.jsuper.jsuperd.os;

import io.jsuper.jsuperd.os.NativeFixture.Child;
import io.jsuper.jsuperd.os.jna.JnaPosix;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.jsuper.jsuperd.os.NativeFixture.POSIX;
import static io.jsuper.jsuperd.os.NativeFixture.sh;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real children through JnaPosix + the jsuper-spawn helper + WaitidChildReaper + EpollOutputPump, on the
 * default spawn path (sharing the descriptor table); {@link CopyingSpawnPathTest} runs them all on the fallback.
 */
class JnaPosixSpawnTest {

    private final List<Integer> started = new ArrayList<>();

    /** The spawn path under test. */
    JnaPosix posix() {
        return POSIX;
    }

    private Child spawn(SpawnRequest request, List<Integer> started) throws SpawnException {
        return NativeFixture.spawnWith(posix(), request, started, false, NativeFixture.PUMP, null);
    }

    @TempDir
    Path tmp;

    @AfterEach
    void killStarted() {
        NativeFixture.killAll(started);
    }

    private static SpawnRequest with(SpawnRequest r, Path dir, Optional<Integer> umask, Map<Rlimit, Long> rlimits) {
        return new SpawnRequest(r.argv(), r.env(), dir, r.identity(), umask, rlimits, r.mergeStderr());
    }

    @Test
    void stdoutAndStderr_areCapturedSeparately() throws Exception {
        Child c = spawn(sh("echo out; echo err >&2; exit 3"), started);
        assertEquals(ExitStatus.exited(3), c.awaitExit());
        await().until(() -> c.out.text().equals("out\n") && c.err.text().equals("err\n"));
        assertEquals(Optional.empty(), c.execFailure());
    }

    @Test
    void mergeStderr_sendsBothStreamsToOnePipe() throws Exception {
        SpawnRequest r = sh("echo out; echo err >&2");
        Child c = spawn(new SpawnRequest(r.argv(), r.env(), null, Optional.empty(), Optional.empty(), Map.of(), true), started);
        assertEquals(-1, c.spawned.stderrFd());
        assertEquals(ExitStatus.exited(0), c.awaitExit());
        await().until(() -> c.out.text().equals("out\nerr\n"));
    }

    /** An event listener's stdin: jsuperd keeps a non-blocking write end; a full pipe is a short write, not a block. */
    @Test
    void openStdin_isAPipeTheDaemonWrites_nonBlocking() throws Exception {
        Child cat = spawn(NativeFixture.request(List.of("cat")).withOpenStdin(), started);
        int fd = cat.spawned.stdinFd();
        assertTrue(fd >= 0);
        byte[] hello = "hello\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(hello.length, POSIX.writeSome(fd, hello, 0, hello.length));
        await().until(() -> cat.out.text().equals("hello\n"));
        POSIX.close(fd);
        assertEquals(ExitStatus.exited(0), cat.awaitExit());

        Child stalled = spawn(NativeFixture.request(List.of("sleep", "1000")).withOpenStdin(), started);
        byte[] big = new byte[1 << 20];
        int written = POSIX.writeSome(stalled.spawned.stdinFd(), big, 0, big.length);
        assertTrue(written > 0 && written < big.length, "the pipe takes what fits: " + written);
        assertEquals(0, POSIX.writeSome(stalled.spawned.stdinFd(), big, 0, big.length), "then nothing, at once");
        POSIX.close(stalled.spawned.stdinFd());
    }

    @Test
    void killedBySignal_isDistinctFromExitCode137() throws Exception {
        Child sleeper = spawn(NativeFixture.request(List.of("sleep", "1000")), started);
        await().until(() -> NativeFixture.comm(sleeper.pid()).equals("sleep"));
        assertTrue(POSIX.kill(sleeper.pid(), Signal.KILL));
        assertEquals(ExitStatus.killed(9, false), sleeper.awaitExit());

        Child exiter = spawn(sh("exit 137"), started);
        assertEquals(ExitStatus.exited(137), exiter.awaitExit());
    }

    @Test
    void child_leadsItsOwnSessionAndProcessGroup() throws Exception {
        Child c = spawn(NativeFixture.request(List.of("sleep", "1000")), started);
        await().until(() -> NativeFixture.comm(c.pid()).equals("sleep"));
        String[] stat = NativeFixture.stat(c.pid()).orElseThrow();
        assertEquals(String.valueOf((int) ProcessHandle.current().pid()), stat[1], "ppid");
        assertEquals(String.valueOf(c.pid()), stat[2], "pgrp");
        assertEquals(String.valueOf(c.pid()), stat[3], "session");
    }

    @Test
    void child_hasNoBlockedOrIgnoredSignals_andDiesFromQuit() throws Exception {
        Child c = spawn(NativeFixture.request(List.of("sleep", "1000")), started);
        await().until(() -> NativeFixture.comm(c.pid()).equals("sleep"));
        String status = NativeFixture.procStatus(c.pid());
        assertTrue(status.contains("SigBlk:\t0000000000000000"), status);
        assertTrue(status.contains("SigIgn:\t0000000000000000"), status);
        assertTrue(POSIX.kill(c.pid(), Signal.QUIT));
        ExitStatus exit = c.awaitExit();
        assertTrue(exit.signaled());
        assertEquals(Signal.QUIT.number(), exit.value());
    }

    @Test
    void child_inheritsOnlyStdio() throws Exception {
        Child c = spawn(sh("ls /proc/$$/fd"), started);
        assertEquals(ExitStatus.exited(0), c.awaitExit());
        await().until(() -> c.out.text().equals("0\n1\n2\n"));
        assertEquals("", c.err.text());
    }

    @Test
    void listenFds_arriveFrom3_withLISTEN_PIDTheChildsOwnPid_andStatusStillWorks() throws Exception {
        int[] a = new int[2];
        int[] b = new int[2];
        assertEquals(0, io.jsuper.jsuperd.os.jna.LibC.INSTANCE.pipe2(a, io.jsuper.jsuperd.os.jna.LibC.O_CLOEXEC));
        assertEquals(0, io.jsuper.jsuperd.os.jna.LibC.INSTANCE.pipe2(b, io.jsuper.jsuperd.os.jna.LibC.O_CLOEXEC));
        try {
            SpawnRequest r = new SpawnRequest(List.of("/bin/sh", "-c", "echo $LISTEN_PID $$; ls /proc/$$/fd"),
                    Map.of("PATH", "/usr/bin:/bin", "LISTEN_PID", "0000000000"), null, Optional.empty(), Optional.empty(),
                    Map.of(), false).withListenFds(List.of(a[0], b[1]));
            Child c = spawn(r, started);
            assertEquals(ExitStatus.exited(0), c.awaitExit());
            await().until(() -> c.out.text().split("\n").length == 6);
            String[] lines = c.out.text().split("\n");
            assertEquals(c.spawned.pid() + " " + c.spawned.pid(), lines[0], "LISTEN_PID is the program's own pid");
            assertEquals(List.of("0", "1", "2", "3", "4"), Arrays.asList(lines).subList(1, 6));

            SpawnRequest missing = new SpawnRequest(List.of("/no/such/program"), Map.of("LISTEN_PID", "0000000000"),
                    null, Optional.empty(), Optional.empty(), Map.of(), false).withListenFds(List.of(a[0]));
            Child failed = spawn(missing, started);
            assertEquals(ExitStatus.exited(127), failed.awaitExit());
            assertEquals(Optional.of("execvp /no/such/program: No such file or directory"), failed.execFailure());
        } finally {
            for (int fd : new int[] {a[0], a[1], b[0], b[1]}) {
                io.jsuper.jsuperd.os.jna.LibC.INSTANCE.close(fd);
            }
        }
    }

    @Test
    void stdin_isDevNull() throws Exception {
        Child c = spawn(sh("readlink /proc/$$/fd/0; cat"), started);
        assertEquals(ExitStatus.exited(0), c.awaitExit());
        await().until(() -> c.out.text().equals("/dev/null\n"));
    }

    @Test
    void env_isExactlyTheGivenEnv() throws Exception {
        Map<String, String> env = Map.of("PATH", "/usr/bin:/bin", "ONLY_ME", "a b=c", "EMPTY", "", "UTF8", "hé✓");
        Child c = spawn(new SpawnRequest(List.of("env"), env, null, Optional.empty(), Optional.empty(), Map.of(), false), started);
        assertEquals(ExitStatus.exited(0), c.awaitExit());
        await().until(() -> c.out.text().endsWith("\n"));
        List<String> lines = Arrays.asList(c.out.text().split("\n"));
        assertEquals(List.of("EMPTY=", "ONLY_ME=a b=c", "PATH=/usr/bin:/bin", "UTF8=hé✓"), lines.stream().sorted().toList());
    }

    @Test
    void workingDir_umask_andRlimits_areApplied() throws Exception {
        SpawnRequest r = with(sh("pwd; umask; ulimit -n; ulimit -c"), tmp, Optional.of(027),
                Map.of(Rlimit.NOFILE, 123L, Rlimit.CORE, Long.MAX_VALUE));
        Child c = spawn(r, started);
        assertEquals(ExitStatus.exited(0), c.awaitExit());
        await().until(() -> c.out.text().split("\n").length == 4);
        assertEquals(tmp.toRealPath() + "\n0027\n123\nunlimited\n", c.out.text());
    }

    @Test
    void missingExecutable_reportsReasonAndExit127() throws Exception {
        Child c = spawn(NativeFixture.request(List.of("./no-such-program")), started);
        assertEquals(ExitStatus.exited(127), c.awaitExit());
        assertEquals(Optional.of("execvp ./no-such-program: No such file or directory"),
                c.execFailure());
    }

    @Test
    void programNotOnPath_reportsNoSuchFile() throws Exception {
        Child c = spawn(NativeFixture.request(List.of("no-such-program-on-path")), started);
        assertEquals(ExitStatus.exited(127), c.awaitExit());
        assertEquals(Optional.of("execvp no-such-program-on-path: No such file or directory"),
                c.execFailure());
    }

    @Test
    void nonExecutableFile_reportsPermissionDenied() throws Exception {
        Path script = Files.writeString(tmp.resolve("script"), "#!/bin/sh\necho hi\n");
        Child c = spawn(NativeFixture.request(List.of(script.toString())), started);
        assertEquals(ExitStatus.exited(127), c.awaitExit());
        assertEquals(Optional.of("execvp " + script + ": Permission denied"), c.execFailure());
    }

    @Test
    void missingWorkingDir_reportsChdirFailure() throws Exception {
        Path nope = tmp.resolve("nope");
        Child c = spawn(with(NativeFixture.request(List.of("true")), nope, Optional.empty(), Map.of()), started);
        assertEquals(ExitStatus.exited(127), c.awaitExit());
        assertEquals(Optional.of("chdir " + nope + ": No such file or directory"), c.execFailure());
    }

    @Test
    void killGroup_killsGrandchildren() throws Exception {
        Child c = spawn(sh("sleep 1000 & sleep 1000; wait"), started);
        await().until(() -> groupMembers(c.pid()).size() == 3);
        List<Integer> members = groupMembers(c.pid());
        assertTrue(POSIX.killGroup(c.pid(), Signal.KILL));
        assertEquals(ExitStatus.killed(9, false), c.awaitExit());
        await().until(() -> members.stream().noneMatch(NativeFixture::isAlive));
        assertEquals(List.of(), groupMembers(c.pid()));
    }

    @Test
    void kill_ofVanishedProcess_returnsFalse() throws Exception {
        Child c = spawn(sh("exit 0"), started);
        c.awaitExit();
        await().until(() -> NativeFixture.stat(c.pid()).isEmpty());
        assertFalse(POSIX.kill(c.pid(), Signal.TERM));
        assertFalse(POSIX.killGroup(c.pid(), Signal.TERM));
    }

    @Test
    void argv_isPassedVerbatim() throws Exception {
        Child c = spawn(NativeFixture.request(List.of("printf", "[%s]", "two words", "", "*", "$HOME", "é")), started);
        assertEquals(ExitStatus.exited(0), c.awaitExit());
        await().until(() -> c.out.text().equals("[two words][][*][$HOME][é]"));
    }

    @Test
    void killingPidZeroOrOne_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> POSIX.kill(0, Signal.TERM));
        assertThrows(IllegalArgumentException.class, () -> POSIX.kill(1, Signal.TERM));
        assertThrows(IllegalArgumentException.class, () -> POSIX.killGroup(1, Signal.TERM));
        assertThrows(IllegalArgumentException.class, () -> POSIX.killGroup(-5, Signal.TERM));
    }

    @Test
    void missingHelper_isRefusedUpFront() {
        assertThrows(IllegalArgumentException.class, () -> new JnaPosix(tmp.resolve("missing-helper")));
    }

    /** Live (non-zombie) processes whose process group is {@code pgid}; bounded by /proc's size. */
    static List<Integer> groupMembers(int pgid) throws IOException {
        List<Integer> members = new ArrayList<>();
        try (var dirs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) dirs::iterator) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                int pid = Integer.parseInt(name);
                NativeFixture.stat(pid)
                        .filter(f -> f[2].equals(String.valueOf(pgid)) && !f[0].equals("Z"))
                        .ifPresent(f -> members.add(pid));
            }
        }
        return members;
    }
}
