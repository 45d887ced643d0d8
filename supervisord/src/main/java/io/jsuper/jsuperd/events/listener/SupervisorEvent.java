package io.jsuper.jsuperd.events.listener;

import java.nio.charset.StandardCharsets;

/**
 * One event in supervisord's terms: its global serial, type ({@code PROCESS_STATE_EXITED}) and payload (the
 * {@code key:value} line, plus data for log events), bounded by {@link #MAX_PAYLOAD}.
 */
record SupervisorEvent(long serial, String type, byte[] payload) {
    /** A capture-mode message (at most 1 MiB) and its header; PROCESS_LOG events are cut at 63 KiB. */
    static final int MAX_PAYLOAD = 1024 * 1024 + 1024;

    SupervisorEvent {
        if (payload.length > MAX_PAYLOAD) {
            throw new IllegalArgumentException("payload of " + payload.length + " bytes, above " + MAX_PAYLOAD);
        }
    }

    /**
     * The bytes a listener gets on stdin: supervisord's header line
     * ({@code ver:3.0 server:NAME serial:N pool:P poolserial:M eventname:T len:L}) and the payload.
     */
    byte[] envelope(String server, String pool, long poolSerial) {
        String header = "ver:3.0 server:" + server + " serial:" + serial + " pool:" + pool + " poolserial:" + poolSerial
                + " eventname:" + type + " len:" + payload.length + "\n";
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[h.length + payload.length];
        System.arraycopy(h, 0, out, 0, h.length);
        System.arraycopy(payload, 0, out, h.length, payload.length);
        return out;
    }
}
