package io.jsuper.e2e;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/** Skips a test without python3 (Debian python3), or fails it under CI, where .ci/run installs it. */
final class SocketServersCheck {
    private SocketServersCheck() {
    }

    static void requirePython() {
        boolean present = Files.isExecutable(Path.of(SocketServers.PYTHON));
        if (!present && HostTools.inCi()) {
            throw new AssertionError("python3 is missing under CI: .ci/run should have installed python3");
        }
        Assumptions.assumeTrue(present, "needs python3 (apt-get install python3)");
    }
}
