package io.jsuper.jsuperd;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The daemon's pid file, locked for as long as the daemon lives: the kernel drops the lock when the
 * process dies, however it dies, so a lock held means a live jsuperd. A pid left in an unlocked file
 * (after a crash) may by now belong to any process; it refuses start-up only when that process is a
 * jsuperd of the same config (one that does not lock, e.g. an older version). Removed at exit.
 */
final class PidFile {
    private static final Logger log = LoggerFactory.getLogger(PidFile.class);
    private static final String MAIN_CLASS = "io.jsuper.jsuperd.Jsuperd";

    private final Path path;
    private final FileChannel channel; // holds the lock: never close it before exit (that drops the lock)

    private PidFile(Path path, FileChannel channel) {
        this.path = path;
        this.channel = channel;
    }

    static PidFile write(Path path, long pid, Path config) throws Daemon.StartupException {
        FileChannel channel = null;
        try {
            Files.createDirectories(path.toAbsolutePath().getParent());
            channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
            FileLock lock = tryLock(channel); // fcntl(F_SETLK): released by the kernel when this process ends
            Optional<Long> existing = read(channel);
            if (lock == null) {
                throw new Daemon.StartupException("pidfile " + path + " is locked by a running jsuperd"
                        + existing.map(p -> " (pid " + p + ")").orElse("") + "; stop it first, or give this one another pidfile");
            }
            if (existing.isPresent() && existing.get() != pid) {
                refuseIfJsuperdOf(config, existing.get(), path);
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((pid + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            channel.force(false);
            return new PidFile(path, channel);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new Daemon.StartupException("cannot write pidfile " + path + ": " + e.getMessage());
        } catch (Daemon.StartupException | RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
            return null; // held by this very JVM (tests start two daemons in one process)
        }
    }

    /** A stale pid is fine unless it is still a jsuperd on this config (e.g. a version that did not lock). */
    private static void refuseIfJsuperdOf(Path config, long pid, Path path) throws Daemon.StartupException {
        Optional<List<String>> cmdline = cmdline(pid);
        if (cmdline.isEmpty()) {
            return; // not running
        }
        List<String> args = cmdline.get();
        if (args.contains(MAIN_CLASS) && (args.contains(config.toString())
                || args.stream().anyMatch(a -> a.equals("--config=" + config)))) {
            throw new Daemon.StartupException("pidfile " + path + " names a running jsuperd of this config (pid " + pid
                    + "); stop it first, or give this one another pidfile");
        }
        log.warn("pidfile {} named pid {}, which is not a jsuperd of this config (pid reused after a crash?);"
                + " taking the pidfile over", path, pid);
    }

    private static Optional<List<String>> cmdline(long pid) {
        try {
            String text = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
                    StandardCharsets.UTF_8);
            return Optional.of(Arrays.asList(text.split("\0")));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<Long> read(FileChannel channel) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(32); // a pid and a newline; anything longer is not ours
        channel.read(buf, 0);
        try {
            return Optional.of(Long.parseLong(new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII).trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing more to do
            }
        }
    }

    void remove() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // best effort at exit
        }
        closeQuietly(channel);
    }
}
