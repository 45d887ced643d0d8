package io.jsuper.jsuperd.core;

/**
 * A command's target as the operator writes it: a watcher ({@code web}), {@code all}, or one process
 * {@code web:2} (supervisorctl's {@code group:name}, Circus's wid). Watcher names cannot hold ':', so the
 * split is never ambiguous.
 */
public record ProcessTarget(String watcher, int wid) {
    /** Parses {@code name:wid}; null when {@code name} is no process name (a watcher or {@code all}). */
    public static ProcessTarget parse(String name) {
        int colon = name.lastIndexOf(':');
        if (colon <= 0 || colon == name.length() - 1) {
            return null;
        }
        String digits = name.substring(colon + 1);
        for (int i = 0; i < digits.length(); i++) {
            if (!Character.isDigit(digits.charAt(i))) {
                throw new ControlException(ErrorCode.BAD_NAME, "bad process name " + name
                        + ": after ':' comes the process number (web:1)");
            }
        }
        int wid;
        try {
            wid = Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            wid = Integer.MAX_VALUE;
        }
        return new ProcessTarget(name.substring(0, colon), wid);
    }

    public String displayName() {
        return watcher + ":" + wid;
    }
}
