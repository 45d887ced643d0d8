package io.jsuper.jsuperd.events.listener;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * One event in supervisord's terms: its global serial, type ({@code PROCESS_STATE_EXITED}) and payload (the
 * {@code key:value} line, plus data for log events), bounded by {@link #MAX_PAYLOAD}.
 */
record SupervisorEvent(long serial, String type, byte[] payload) {
    /**
     * A capture-mode message (at most 1 MiB of output, up to four times that as supervisord's
     * {@code Undecodable: b'\xNN…'} text when it is not UTF-8) and its header; PROCESS_LOG events are cut at 63 KiB.
     */
    static final int MAX_PAYLOAD = 4 * 1024 * 1024 + 1024;

    SupervisorEvent {
        if (payload.length > MAX_PAYLOAD) {
            throw new IllegalArgumentException("payload of " + payload.length + " bytes, above " + MAX_PAYLOAD);
        }
    }

    /**
     * {@code len:} as supervisord 4 (Python 3) writes it: the payload's length in characters, which is what a
     * Python listener ({@code sys.stdin.read(len)}, childutils, superlance) reads from its text stdin; so non-ASCII
     * output does not shift the next envelope. A payload that is not UTF-8 counts its bytes (output data never is:
     * {@link UndecodableText} makes it text first, as supervisord does).
     */
    static int supervisordLength(byte[] payload) {
        boolean ascii = true;
        for (byte b : payload) {
            ascii &= b >= 0;
        }
        if (ascii) {
            return payload.length;
        }
        try {
            CharBuffer text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(payload));
            return Character.codePointCount(text, 0, text.length());
        } catch (CharacterCodingException e) {
            return payload.length;
        }
    }

    /**
     * The bytes a listener gets on stdin: supervisord's header line
     * ({@code ver:3.0 server:NAME serial:N pool:P poolserial:M eventname:T len:L}) and the payload.
     */
    byte[] envelope(String server, String pool, long poolSerial) {
        String header = "ver:3.0 server:" + server + " serial:" + serial + " pool:" + pool + " poolserial:" + poolSerial
                + " eventname:" + type + " len:" + supervisordLength(payload) + "\n";
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[h.length + payload.length];
        System.arraycopy(h, 0, out, 0, h.length);
        System.arraycopy(payload, 0, out, h.length, payload.length);
        return out;
    }
}
