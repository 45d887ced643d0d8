package io.jsuper.jsuperd.os;

import io.jsuper.jsuperd.os.jna.JnaPosix;

/** Every test of {@link JnaPosixSpawnTest} on the fallback path: each spawn copies the descriptor table. */
class CopyingSpawnPathTest extends JnaPosixSpawnTest {
    @Override
    JnaPosix posix() {
        return NativeFixture.COPYING_POSIX;
    }
}
