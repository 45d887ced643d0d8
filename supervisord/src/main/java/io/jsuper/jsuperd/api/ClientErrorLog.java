package io.jsuper.jsuperd.api;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.LongSupplier;

/**
 * The daemon log's view of misbehaving clients: the first client error of an interval is logged as one
 * line, the rest of that interval only counted and summed up in one line when the next interval begins,
 * so a client cannot fill the disk through the daemon's log. Never logs a stack trace; client-supplied
 * text is escaped and shortened so it cannot forge log lines.
 */
final class ClientErrorLog {
    private static final Logger LOG = LoggerFactory.getLogger("io.jsuper.jsuperd.api.ClientErrors");
    static final long INTERVAL_NANOS = 10_000_000_000L;
    static final int MAX_DETAIL_CHARS = 200;

    /** Logs one line; tests replace it to see what would be logged. */
    interface Sink {
        void log(String line);
    }

    private final LongSupplier nanoClock;
    private final Sink sink;
    private long intervalStart;
    private boolean started;
    private long suppressed;

    ClientErrorLog(LongSupplier nanoClock) {
        this(nanoClock, LOG::info);
    }

    ClientErrorLog(LongSupplier nanoClock, Sink sink) {
        this.nanoClock = nanoClock;
        this.sink = sink;
    }

    /** One client error, e.g. {@code "400 from tcp 127.0.0.1:5555: malformed percent-escape in /services/%zz"}. */
    synchronized void note(String what) {
        long now = nanoClock.getAsLong();
        if (started && now - intervalStart < INTERVAL_NANOS) {
            suppressed++;
            return;
        }
        if (suppressed > 0) {
            sink.log("client errors: " + suppressed + " more in the last " + (now - intervalStart) / 1_000_000_000L
                    + " s (one logged per " + INTERVAL_NANOS / 1_000_000_000L + " s)");
        }
        started = true;
        intervalStart = now;
        suppressed = 0;
        sink.log("client error: " + sanitize(what));
    }

    /** Control characters (CR, LF, ESC…) and non-ASCII as \\xNN or \\uNNNN, cut to {@link #MAX_DETAIL_CHARS}. */
    static String sanitize(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(Math.min(text.length(), MAX_DETAIL_CHARS) + 16);
        int i = 0;
        for (; i < text.length() && sb.length() < MAX_DETAIL_CHARS; i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x7f && c != '\\') {
                sb.append(c);
            } else if (c == '\\') {
                sb.append("\\\\");
            } else if (c < 0x100) {
                sb.append(String.format("\\x%02x", (int) c));
            } else {
                sb.append(String.format("\\u%04x", (int) c));
            }
        }
        if (i < text.length()) {
            sb.append("...");
        }
        return sb.toString();
    }
}
