package io.jsuper.jsuperd.events.listener;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * supervisord's capture mode ({@code stdout_capture_maxbytes}): what a process writes between
 * {@code <!--XSUPERVISOR:BEGIN-->} and {@code <!--XSUPERVISOR:END-->} is taken out of its output and becomes one
 * PROCESS_COMMUNICATION event (its last {@code maxBytes} bytes, as supervisord's capture log keeps them). Tokens
 * may be split across reads: a possible token start at the end of a read is held back (at most a token's length).
 * Pure; one per output stream, on the pump thread.
 */
final class CaptureFilter {
    static final byte[] BEGIN = "<!--XSUPERVISOR:BEGIN-->".getBytes(StandardCharsets.US_ASCII);
    static final byte[] END = "<!--XSUPERVISOR:END-->".getBytes(StandardCharsets.US_ASCII);

    /** The output that stays output, and the captured messages that ended in this read. */
    record Result(byte[] output, List<byte[]> messages) {
    }

    private final int maxBytes;
    private boolean capturing;
    private byte[] held = new byte[0];
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    CaptureFilter(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    Result feed(byte[] data) {
        byte[] buf = concat(held, data);
        held = new byte[0];
        ByteArrayOutputStream output = new ByteArrayOutputStream(buf.length);
        List<byte[]> messages = new ArrayList<>(1);
        int at = 0;
        while (at < buf.length) {
            byte[] token = capturing ? END : BEGIN;
            int idx = indexOf(buf, token, at);
            if (idx < 0) {
                int keep = prefixAtEnd(buf, at, token);
                emit(buf, at, buf.length - keep, output);
                held = Arrays.copyOfRange(buf, buf.length - keep, buf.length);
                break;
            }
            emit(buf, at, idx, output);
            if (capturing) {
                messages.add(captured.toByteArray());
                captured.reset();
            }
            capturing = !capturing;
            at = idx + token.length;
        }
        return new Result(output.toByteArray(), messages);
    }

    /** A new process on the stream: what was held back is output, a capture in progress is dropped. */
    byte[] reset() {
        byte[] rest = capturing ? new byte[0] : held;
        held = new byte[0];
        capturing = false;
        captured.reset();
        return rest;
    }

    private void emit(byte[] buf, int from, int to, ByteArrayOutputStream output) {
        if (!capturing) {
            output.write(buf, from, to - from);
            return;
        }
        captured.write(buf, from, to - from);
        if (captured.size() > maxBytes) { // keep the newest maxBytes
            byte[] all = captured.toByteArray();
            captured.reset();
            captured.write(all, all.length - maxBytes, maxBytes);
        }
    }

    /** How many bytes at the end of buf[from..] are the start of {@code token}. */
    private static int prefixAtEnd(byte[] buf, int from, byte[] token) {
        for (int n = Math.min(token.length - 1, buf.length - from); n > 0; n--) {
            if (Arrays.equals(buf, buf.length - n, buf.length, token, 0, n)) {
                return n;
            }
        }
        return 0;
    }

    private static int indexOf(byte[] buf, byte[] token, int from) {
        outer:
        for (int i = from; i <= buf.length - token.length; i++) {
            for (int j = 0; j < token.length; j++) {
                if (buf[i + j] != token[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        if (a.length == 0) {
            return b;
        }
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
