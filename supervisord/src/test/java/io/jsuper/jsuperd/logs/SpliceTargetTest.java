package io.jsuper.jsuperd.logs;

import com.sun.jna.Memory;
import io.jsuper.jsuperd.os.jna.LibC;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** The direct-mapped calls keep errno: an empty pipe says "again", not "cannot splice now". */
class SpliceTargetTest {

    @TempDir
    Path tmp;

    @Test
    void emptyPipe_isAgain_dataIsMoved_closedWriterIsTheEnd() throws Exception {
        Path file = tmp.resolve("s.log");
        SafeLogOpen.Opened opened = SafeLogOpen.open(file, -1, false, true);
        SpliceTarget target = opened.splice();
        assertNotNull(target);
        int[] pipe = new int[2];
        assertEquals(0, LibC.INSTANCE.pipe2(pipe, LibC.O_NONBLOCK));
        try {
            assertEquals(SpliceTarget.AGAIN, target.move(pipe[0], 4096));
            try (Memory bytes = new Memory(4)) {
                bytes.write(0, "abc\n".getBytes(), 0, 4);
                assertEquals(4, LibC.INSTANCE.write(pipe[1], bytes, 4));
            }
            assertEquals(4, target.move(pipe[0], 4096));
            assertEquals(4, target.end());
            LibC.INSTANCE.close(pipe[1]);
            pipe[1] = -1;
            assertEquals(0, target.move(pipe[0], 4096));
            assertEquals("abc\n", Files.readString(file));
        } finally {
            target.close();
            opened.channel().close();
            LibC.INSTANCE.close(pipe[0]);
            if (pipe[1] >= 0) {
                LibC.INSTANCE.close(pipe[1]);
            }
        }
    }
}
