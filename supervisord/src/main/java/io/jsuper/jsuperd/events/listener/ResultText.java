package io.jsuper.jsuperd.events.listener;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * What supervisor_stdout's result handler prints for one listener result: the result is a header line
 * ({@code processname:web channel:stdout}) and the output it echoes; each output line is printed as
 * {@code web stdout | LINE}. A result without that header line is printed as it is.
 */
final class ResultText {
    private ResultText() {
    }

    /** The lines to print for {@code result}, each ending in a newline. */
    static byte[] printed(String result) {
        int nl = result.indexOf('\n');
        Map<String, String> headers = nl < 0 ? Map.of() : headers(result.substring(0, nl));
        String process = headers.get("processname");
        String channel = headers.get("channel");
        StringBuilder out = new StringBuilder(result.length() + 64);
        String body = process == null || channel == null ? result : result.substring(nl + 1);
        String prefix = process == null || channel == null ? "" : process + " " + channel + " | ";
        for (String line : body.split("\n", -1)) {
            out.append(prefix).append(line).append('\n');
        }
        if (body.endsWith("\n")) { // the echoed output's own last newline is not one more empty line
            out.setLength(out.length() - prefix.length() - 1);
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, String> headers(String line) {
        Map<String, String> out = new HashMap<>();
        for (String token : line.trim().split("\\s+")) {
            int colon = token.indexOf(':');
            if (colon > 0) {
                out.put(token.substring(0, colon), token.substring(colon + 1));
            }
        }
        return out;
    }
}
