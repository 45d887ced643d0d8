package io.jsuper.jsuperd;

import com.sun.jna.Native;
import io.jsuper.jsuperd.os.jna.LibC;
import io.jsuper.jsuperd.os.jna.ListenSocketOpener;
import io.jsuper.jsuperd.sockets.SocketHandOver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The second half of a daemon restart: replaces this process with a fresh jsuperd (execv), so the pid, the
 * parent (a shell, an init script, a container's PID 1 slot, systemd's MAINPID) and the environment stay,
 * while the JVM, the code on disk (after an upgrade) and the config are new. It runs after the shutdown
 * removed the socket and the pid file, so the new daemon starts as on a clean boot. Every descriptor above
 * stderr is marked close-on-exec first: none of the old daemon's pipes or epoll sets survive, except the
 * {@code [socket:NAME]} sockets it hands over ({@link SocketHandOver}), so that connections queue in them
 * while no process accepts instead of being refused.
 */
final class SelfExec {
    private SelfExec() {
    }

    /** The launcher ({@code bin/jsuperd}, from {@code -Djsuper.home}) with the same arguments, else this JVM's command line. */
    static List<String> command(String[] args) {
        String home = System.getProperty("jsuper.home");
        if (home != null && Files.isExecutable(Path.of(home, "bin", "jsuperd"))) {
            List<String> cmd = new ArrayList<>(List.of(Path.of(home, "bin", "jsuperd").toString()));
            cmd.addAll(List.of(args));
            return cmd;
        }
        ProcessHandle.Info info = ProcessHandle.current().info();
        Optional<String> java = info.command();
        Optional<String[]> jvmArgs = info.arguments();
        if (java.isEmpty() || jvmArgs.isEmpty()) {
            throw new IllegalStateException("cannot read this process's command line from /proc/self/cmdline");
        }
        List<String> cmd = new ArrayList<>(List.of(java.get()));
        cmd.addAll(List.of(jvmArgs.get()));
        return cmd;
    }

    /** Never returns normally: execv replaces the process; a failure is reported as an exception. */
    static void replaceProcess(List<String> command, SocketHandOver.Plan handOver) {
        System.out.flush();
        System.err.flush();
        closeOnExec();
        handOver.fds().forEach(ListenSocketOpener::keepAcrossExec);
        if (LibC.INSTANCE.setenv(SocketHandOver.VARIABLE, handOver.value(), 1) != 0) {
            throw new IllegalStateException("setenv " + SocketHandOver.VARIABLE + " failed: errno " + Native.getLastError());
        }
        String[] argv = command.toArray(new String[0]);
        LibC.INSTANCE.execv(argv[0], argv);
        throw new IllegalStateException("execv " + argv[0] + " failed: errno " + Native.getLastError());
    }

    private static void closeOnExec() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            fds.map(p -> p.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit))
                    .mapToInt(Integer::parseInt).filter(fd -> fd > 2)
                    .forEach(fd -> LibC.INSTANCE.fcntl(fd, LibC.F_SETFD, LibC.FD_CLOEXEC));
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc/self/fd: " + e.getMessage(), e);
        }
    }
}
