package io.jsuper.e2e;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** Base of the end-to-end tests: a temp dir per test, and the daemon a test started, always taken down. */
abstract class DaemonE2ETest {
    @TempDir
    Path tmp;
    DaemonHarness jsuperd;

    @AfterEach
    void stopDaemonAndEverythingItStarted() throws Exception {
        if (jsuperd != null) {
            jsuperd.close();
        }
    }
}
