package io.jsuper.jsuperd;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The daemon's pid file: refuses to overwrite the file of a live daemon, removed at exit. */
final class PidFile {
    private final Path path;

    private PidFile(Path path) {
        this.path = path;
    }

    static PidFile write(Path path, long pid) throws Daemon.StartupException {
        Optional<Long> existing = read(path);
        if (existing.isPresent() && existing.get() != pid && Files.exists(Path.of("/proc", existing.get().toString()))) {
            throw new Daemon.StartupException("pidfile " + path + " names a running process (" + existing.get()
                    + "); is another jsuperd running?");
        }
        try {
            Files.createDirectories(path.toAbsolutePath().getParent());
            Files.writeString(path, pid + "\n", StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new Daemon.StartupException("cannot write pidfile " + path + ": " + e.getMessage());
        }
        return new PidFile(path);
    }

    private static Optional<Long> read(Path path) {
        try {
            return Optional.of(Long.parseLong(Files.readString(path).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    void remove() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // best effort at exit
        }
    }
}
