package io.jsuper.jsuperd.events.listener;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads what one event listener writes on its stdout, as supervisord's listener dispatcher does: {@code READY\n}
 * while ACKNOWLEDGED, {@code RESULT len\n} and {@code len} bytes ({@code OK}, anything else rejects the event)
 * while BUSY; anything else makes it UNKNOWN for good. Pure and bounded: the unread bytes stay under
 * {@link #MAX_PENDING}, a result body under {@link #MAX_RESULT}.
 */
final class ListenerProtocol {
    static final byte[] READY_TOKEN = "READY\n".getBytes(StandardCharsets.US_ASCII);
    static final String RESULT_TOKEN = "RESULT ";
    /** A result line longer than this without a newline is junk. */
    static final int MAX_RESULT_LINE = 64;
    static final int MAX_RESULT = 4096;
    static final int MAX_PENDING = 16 * 1024;

    /** What reading some bytes led to. */
    enum Kind {
        /** ACKNOWLEDGED → READY. */
        READY,
        /** The event was processed (RESULT OK). */
        ACCEPTED,
        /** The event was rejected (a result other than OK): it goes back to the head of the queue. */
        REJECTED,
        /** A protocol error: now UNKNOWN; {@code eventLost} when it happened while BUSY (the event is requeued). */
        ERROR
    }

    /** One step, with the result body or what was wrong. */
    record Outcome(Kind kind, String detail, boolean eventLost) {
    }

    private ListenerState state = ListenerState.ACKNOWLEDGED;
    private byte[] pending = new byte[0];
    private int resultLength = -1;

    ListenerState state() {
        return state;
    }

    /** An event was written to the listener (it was READY). */
    void sent() {
        if (state != ListenerState.READY) {
            throw new IllegalStateException("an event for a listener that is " + state);
        }
        state = ListenerState.BUSY;
    }

    /** Marks the listener UNKNOWN from outside (its stdin broke). */
    void broken() {
        state = ListenerState.UNKNOWN;
        pending = new byte[0];
    }

    /** Consumes {@code data} and says what happened, in order. */
    List<Outcome> feed(byte[] data) {
        List<Outcome> out = new ArrayList<>(2);
        if (state == ListenerState.UNKNOWN) {
            return out;
        }
        if (pending.length + data.length > MAX_PENDING) {
            out.add(error(pending.length + data.length + " unread bytes, more than " + MAX_PENDING));
            return out;
        }
        pending = concat(pending, data);
        while (pending.length > 0 && state != ListenerState.UNKNOWN) {
            Outcome o = step();
            if (o == null) {
                break; // not enough bytes yet
            }
            out.add(o);
        }
        return out;
    }

    private Outcome step() {
        return switch (state) {
            case ACKNOWLEDGED -> ready();
            case READY -> error("sent " + quote(pending) + " while READY (nothing is expected then)");
            case BUSY -> result();
            case UNKNOWN -> null;
        };
    }

    private Outcome ready() {
        int n = Math.min(pending.length, READY_TOKEN.length);
        if (!Arrays.equals(pending, 0, n, READY_TOKEN, 0, n)) {
            return error("expected READY, got " + quote(pending));
        }
        if (n < READY_TOKEN.length) {
            return null;
        }
        pending = Arrays.copyOfRange(pending, READY_TOKEN.length, pending.length);
        state = ListenerState.READY;
        return new Outcome(Kind.READY, "", false);
    }

    private Outcome result() {
        if (resultLength < 0) {
            int nl = indexOf(pending, (byte) '\n');
            if (nl < 0) {
                return pending.length > MAX_RESULT_LINE ? error("expected RESULT len, got " + quote(pending)) : null;
            }
            String line = new String(pending, 0, nl, StandardCharsets.UTF_8);
            resultLength = parseLength(line);
            if (resultLength < 0) {
                return error("bad result line " + quote(line.getBytes(StandardCharsets.UTF_8)));
            }
            pending = Arrays.copyOfRange(pending, nl + 1, pending.length);
        }
        if (pending.length < resultLength) {
            return null;
        }
        String body = new String(pending, 0, resultLength, StandardCharsets.UTF_8);
        pending = Arrays.copyOfRange(pending, resultLength, pending.length);
        resultLength = -1;
        state = ListenerState.ACKNOWLEDGED;
        return new Outcome(body.equals("OK") ? Kind.ACCEPTED : Kind.REJECTED, body, false);
    }

    private static int parseLength(String line) {
        if (!line.startsWith(RESULT_TOKEN)) {
            return -1;
        }
        try {
            int n = Integer.parseInt(line.substring(RESULT_TOKEN.length()).strip());
            return n >= 0 && n <= MAX_RESULT ? n : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private Outcome error(String why) {
        boolean lost = state == ListenerState.BUSY;
        state = ListenerState.UNKNOWN;
        pending = new byte[0];
        resultLength = -1;
        return new Outcome(Kind.ERROR, why, lost);
    }

    /** At most 60 characters, control characters escaped: for a log line. */
    static String quote(byte[] bytes) {
        String s = new String(bytes, 0, Math.min(bytes.length, 60), StandardCharsets.UTF_8);
        StringBuilder b = new StringBuilder("'");
        for (char c : s.toCharArray()) {
            b.append(c == '\n' ? "\\n" : c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c));
        }
        return b.append(bytes.length > 60 ? "...'" : "'").toString();
    }

    private static int indexOf(byte[] a, byte b) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(a.length + b.length);
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }
}
