package io.jsuper.jsuperd.logs;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

/** class = console: whole prefixed lines only, partial lines held per process, bounded. */
class ConsoleSinkTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final ConsoleWriter console = new ConsoleWriter(new PrintStream(bytes, true), "test-console");

    private static void write(OutputSink sink, String text) {
        sink.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    private String out() {
        await().atMost(Duration.ofSeconds(10)).until(console::drained);
        synchronized (bytes) {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void startedLinesWait_soTwoProcessesNeverMixInsideALine() {
        ConsoleSink a = new ConsoleSink(console, "web:1");
        ConsoleSink b = new ConsoleSink(console, "web:2");
        write(a, "a-one\na-tw");
        write(b, "b-one");
        write(a, "o\n");
        write(b, "\nb-two\n");
        assertEquals("[web:1] a-one\n[web:1] a-two\n[web:2] b-one\n[web:2] b-two\n", out());
    }

    @Test
    void aLineLongerThanTheBound_goesOutInPieces_andCloseFlushesTheRest() {
        ConsoleSink a = new ConsoleSink(console, "w");
        write(a, "x".repeat(ConsoleSink.MAX_HELD + 10));
        write(a, "tail");
        a.close();
        assertEquals("[w] " + "x".repeat(ConsoleSink.MAX_HELD) + "\n[w] " + "x".repeat(10) + "tail\n", out());
    }

    @Test
    void aConsoleThatDoesNotKeepUp_dropsWholeBlocks_andSaysSo() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        PrintStream stuck = new PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) {
            }

            @Override
            public void write(byte[] b, int off, int len) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                synchronized (bytes) {
                    bytes.write(b, off, len);
                }
            }
        });
        ConsoleWriter slow = new ConsoleWriter(stuck, "test-slow");
        ConsoleSink a = new ConsoleSink(slow, "w");
        String line = "y".repeat(1023) + "\n";
        for (int i = 0; i < 6 * 1024; i++) { // 6 MiB against a 4 MiB queue: the output thread never waits
            write(a, line);
        }
        assertTrue(a.droppedBytes() > 0);
        release.countDown();
        write(a, "after\n");
        await().atMost(Duration.ofSeconds(10)).until(slow::drained);
        String text;
        synchronized (bytes) {
            text = bytes.toString(StandardCharsets.UTF_8);
        }
        assertTrue(text.contains("==> jsuper: console output fell behind, dropped "), "the drop is told");
        assertTrue(text.endsWith("[w] after\n"));
        for (String l : text.split("\n")) {
            assertTrue(l.equals("[w] " + "y".repeat(1023)) || l.startsWith("==> jsuper: ") || l.equals("[w] after"),
                    "only whole lines: " + l.length());
        }
    }
}
