package io.jsuper.jsuperd.notify;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** The newline-separated {@code KEY=VALUE} assignments of one notify message (sd_notify(3)). */
public final class NotifyFields {
    /** At most this many fields per message are kept (a message is at most 4 KiB anyway). */
    static final int MAX_FIELDS = 32;

    private NotifyFields() {
    }

    /** Parses {@code READY=1\nSTATUS=…}; lines without {@code =} are skipped. */
    public static Map<String, String> parse(byte[] data) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : new String(data, StandardCharsets.UTF_8).split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0 && out.size() < MAX_FIELDS) {
                out.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return out;
    }
}
