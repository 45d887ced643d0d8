package io.jsuper.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * Debian's real {@code supervisord -n -c FILE} for side-by-side tests. Its children carry the test's marker
 * in their environment (inherited from supervisord), so {@link #close()} kills supervisord by its own pid and
 * then exactly the marked processes that are left.
 */
final class RealSupervisord implements AutoCloseable {
    static final Path SUPERVISORD = Path.of("/usr/bin/supervisord");
    static final Path SUPERVISORCTL = Path.of("/usr/bin/supervisorctl");

    final Path config;
    private final Path socket;
    private final Marked marked;
    private Process daemon;

    RealSupervisord(Path config, Path socket, Marked marked) {
        this.config = config;
        this.socket = socket;
        this.marked = marked;
    }

    static boolean installed() {
        return Files.isExecutable(SUPERVISORD) && Files.isExecutable(SUPERVISORCTL);
    }

    RealSupervisord start() throws IOException {
        ProcessBuilder pb = new ProcessBuilder(SUPERVISORD.toString(), "-n", "-c", config.toString());
        pb.environment().put(Marked.VAR, marked.value);
        pb.redirectErrorStream(true);
        pb.redirectOutput(config.resolveSibling("supervisord.out").toFile());
        daemon = pb.start();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            if (!daemon.isAlive()) {
                throw new AssertionError("supervisord exited with " + daemon.exitValue() + ":\n"
                        + Files.readString(config.resolveSibling("supervisord.out")));
            }
            return Files.exists(socket);
        });
        return this;
    }

    long pid() {
        return daemon.pid();
    }

    boolean isAlive() {
        return daemon != null && daemon.isAlive();
    }

    @Override
    public void close() throws Exception {
        if (daemon != null && daemon.isAlive()) {
            Processes.kill(daemon.pid(), "TERM");
            if (!daemon.waitFor(30, TimeUnit.SECONDS)) {
                Processes.kill(daemon.pid(), "KILL");
                daemon.waitFor(10, TimeUnit.SECONDS);
            }
        }
        marked.killAll();
    }
}
