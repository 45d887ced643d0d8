package io.jsuper.jsuperctl.cmd;

import java.util.Map;

/**
 * How {@code status} is drawn: colours only on a terminal and never with {@code NO_COLOR} set (no-color.org);
 * scripts reading a pipe always get plain text.
 */
public record StatusStyle(boolean colour) {
    public static final StatusStyle PLAIN = new StatusStyle(false);

    private static final String RESET = "\u001b[0m";

    /** Colour when stdout is a terminal and NO_COLOR is unset or empty. */
    public static StatusStyle detect(Map<String, String> env, boolean terminal) {
        String noColour = env.get("NO_COLOR");
        return new StatusStyle(terminal && (noColour == null || noColour.isEmpty()));
    }

    /** {@code state} padded to {@code width}, the padding outside the colour so columns stay aligned. */
    public String state(String state, int width) {
        StringBuilder b = new StringBuilder();
        String code = colour ? code(state) : null;
        b.append(code != null ? code + state + RESET : state);
        for (int i = state.length(); i < width; i++) {
            b.append(' ');
        }
        return b.toString();
    }

    private static String code(String state) {
        switch (state) {
            case "RUNNING": return "\u001b[32m";
            case "STARTING": case "STOPPING": case "BACKOFF": return "\u001b[33m";
            case "FATAL": case "EXITED": return "\u001b[31m";
            default: return null;
        }
    }
}
