package io.jsuper.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.time.Duration;

import org.awaitility.core.ConditionTimeoutException;

import static org.awaitility.Awaitility.await;

/**
 * Finds the processes of one test by a marker in their environment (never by command line: pids wrap
 * fast here), so a test can count what is left and kill exactly its own processes.
 */
final class Marked {
    static final String VAR = "JSUPER_E2E_MARK";
    final String value = UUID.randomUUID().toString();

    /** {@code env = JSUPER_E2E_MARK=…} for a watcher section. */
    String envLine() {
        return "env = " + VAR + "=" + value + "\n";
    }

    /** Live (non-zombie) processes whose environment holds the marker. */
    List<Long> pids() {
        List<Long> out = new ArrayList<>();
        byte[] wanted = (VAR + "=" + value).getBytes(StandardCharsets.UTF_8);
        try (DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path p : proc) {
                try {
                    if (contains(Files.readAllBytes(p.resolve("environ")), wanted) && !isZombie(p)) {
                        out.add(Long.parseLong(p.getFileName().toString()));
                    }
                } catch (IOException | RuntimeException e) {
                    // gone meanwhile
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** SIGKILLs every marked process (re-checking the marker right before each kill). */
    /**
     * SIGKILLs every marked process until none is left alive (or 20 s have passed: the caller's assertion
     * then names what is left). Killed processes take a moment to die on a loaded machine: looking once
     * right after the kill found them still there.
     */
    void killAll() {
        try {
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
                List<Long> left = pids();
                for (long pid : left) {
                    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                }
                return left.isEmpty();
            });
        } catch (ConditionTimeoutException e) {
            // the caller asserts on pids() and says which are left
        }
    }

    private static boolean isZombie(Path p) throws IOException {
        String stat = Files.readString(p.resolve("stat"));
        char state = stat.charAt(stat.lastIndexOf(')') + 2);
        return state == 'Z' || state == 'X';
    }

    private static boolean contains(byte[] environ, byte[] wanted) {
        int start = 0;
        for (int i = 0; i <= environ.length; i++) {
            if (i == environ.length || environ[i] == 0) {
                if (i - start == wanted.length && java.util.Arrays.equals(environ, start, i, wanted, 0, wanted.length)) {
                    return true;
                }
                start = i + 1;
            }
        }
        return false;
    }
}
