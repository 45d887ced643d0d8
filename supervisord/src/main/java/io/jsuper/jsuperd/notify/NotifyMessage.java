package io.jsuper.jsuperd.notify;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One notify datagram a child sent ({@code READY=1\nSTATUS=…}), with who sent it as the kernel says.
 *
 * @param pid     the sender's pid (SCM_CREDENTIALS, checked by the kernel)
 * @param uid     the sender's uid
 * @param lineage pids to try, nearest first, to find the supervised process that sent it: the sender, its
 *                process group leader, then its parents (read from /proc while the sender still existed)
 * @param fields  the message's {@code KEY=VALUE} lines
 */
public record NotifyMessage(int pid, int uid, List<Integer> lineage, Map<String, String> fields) {
    /** At most this many fields per message are kept (a message is at most 4 KiB anyway). */
    static final int MAX_FIELDS = 32;

    public NotifyMessage {
        lineage = List.copyOf(lineage);
        fields = Map.copyOf(fields);
    }

    /** Parses the newline-separated {@code KEY=VALUE} assignments of sd_notify(3); lines without {@code =} are skipped. */
    static Map<String, String> parseFields(byte[] data, int length) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : new String(data, 0, length, StandardCharsets.UTF_8).split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0 && out.size() < MAX_FIELDS) {
                out.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return out;
    }
}
