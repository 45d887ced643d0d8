package io.jsuper.jsuperctl.cmd;

import io.jsuper.jsuperctl.Json;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Turns the bytes of a server-sent event stream into printed events: {@code data:} lines are events (or, after
 * {@code event: missed}, how many were dropped); ids, comments and keep-alives are skipped. A line longer
 * than {@link #MAX_LINE} is dropped, so a broken peer cannot grow the client's memory.
 */
final class SseLines extends OutputStream {
    static final int MAX_LINE = 1024 * 1024;

    private final EventPrinter printer;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(512);
    private boolean tooLong;
    private String eventName = "";

    SseLines(EventPrinter printer) {
        this.printer = printer;
    }

    @Override
    public void write(int b) {
        if (b == '\n') {
            if (!tooLong) {
                line(line.toString(StandardCharsets.UTF_8));
            }
            line.reset();
            tooLong = false;
        } else if (line.size() < MAX_LINE) {
            line.write(b);
        } else {
            tooLong = true;
        }
    }

    private void line(String text) {
        if (text.isEmpty()) {
            eventName = "";
        } else if (text.startsWith("event:")) {
            eventName = text.substring(6).strip();
        } else if (text.startsWith("data:")) {
            String data = text.substring(5).strip();
            Object parsed;
            try {
                parsed = Json.parse(data);
            } catch (RuntimeException e) {
                return;
            }
            if (parsed instanceof Map<?, ?> m) {
                if (eventName.equals("missed")) {
                    printer.missed(Json.num(m, "missed", 0));
                } else {
                    printer.print(m, data);
                }
            }
        }
    }
}
