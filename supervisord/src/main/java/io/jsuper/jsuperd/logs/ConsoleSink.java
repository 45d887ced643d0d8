package io.jsuper.jsuperd.logs;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One process stream's output to jsuperd's stdout or stderr ({@code class = console}), each line prefixed
 * {@code [name] }. Only whole lines leave: a started line is held here (per process) until its newline
 * arrives, so lines of different processes never interleave mid-line. A held line longer than
 * {@link #MAX_HELD} is let out in pieces of that size, each ended by a newline and prefixed (bounded memory
 * beats one unbroken line). Runs on the output thread; the writing happens on the {@link ConsoleWriter}'s.
 */
public final class ConsoleSink implements OutputSink {

    static final int MAX_HELD = 16 * 1024;

    private final ConsoleWriter console;
    private final byte[] prefix;
    private final byte[] held = new byte[MAX_HELD];
    private int heldLength;
    private volatile long dropped; // read by metrics from any thread

    public ConsoleSink(ConsoleWriter console, String processName) {
        this.console = console;
        this.prefix = ("[" + processName + "] ").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void write(ByteBuffer chunk) {
        int lastNewline = -1;
        for (int i = chunk.limit() - 1; i >= chunk.position(); i--) {
            if (chunk.get(i) == '\n') {
                lastNewline = i;
                break;
            }
        }
        if (lastNewline >= 0) {
            emitLines(chunk, lastNewline + 1);
        }
        hold(chunk);
    }

    /** Sends the held start of a line plus the chunk's complete lines (up to {@code end}) as one block. */
    private void emitLines(ByteBuffer chunk, int end) {
        int length = end - chunk.position();
        int lines = 0;
        for (int i = chunk.position(); i < end; i++) {
            if (chunk.get(i) == '\n') {
                lines++;
            }
        }
        byte[] block = new byte[heldLength + length + lines * prefix.length];
        int at = 0;
        boolean lineStart = true;
        if (heldLength > 0) {
            System.arraycopy(prefix, 0, block, 0, prefix.length);
            System.arraycopy(held, 0, block, prefix.length, heldLength);
            at = prefix.length + heldLength;
            heldLength = 0;
            lineStart = false;
        }
        while (chunk.position() < end) {
            if (lineStart) {
                System.arraycopy(prefix, 0, block, at, prefix.length);
                at += prefix.length;
            }
            byte b = chunk.get();
            block[at++] = b;
            lineStart = b == '\n';
        }
        offer(block, at);
    }

    /** Keeps the rest (a started line), letting out full pieces of MAX_HELD as lines of their own. */
    private void hold(ByteBuffer chunk) {
        while (chunk.hasRemaining()) {
            int n = Math.min(chunk.remaining(), MAX_HELD - heldLength);
            chunk.get(held, heldLength, n);
            heldLength += n;
            if (heldLength == MAX_HELD) {
                flushHeld();
            }
        }
    }

    private void flushHeld() {
        if (heldLength == 0) {
            return;
        }
        byte[] block = new byte[prefix.length + heldLength + 1];
        System.arraycopy(prefix, 0, block, 0, prefix.length);
        System.arraycopy(held, 0, block, prefix.length, heldLength);
        block[block.length - 1] = '\n';
        heldLength = 0;
        offer(block, block.length);
    }

    private void offer(byte[] block, int length) {
        if (!console.offer(length == block.length ? block : java.util.Arrays.copyOf(block, length))) {
            dropped += length;
        }
    }

    @Override
    public void reopen() {
        // nothing to reopen: the console stays
    }

    /** The process's last started line goes out (with a newline) rather than staying held forever. */
    @Override
    public void close() {
        flushHeld();
    }

    @Override
    public long droppedBytes() {
        return dropped;
    }
}
