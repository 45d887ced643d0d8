package io.jsuper.jsuperctl;

/** jsuperctl's exit codes; {@code status} follows LSB (0 running, 3 not running, 4 unknown). */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    public static final int NOT_RUNNING = 3;
    /** Unknown name, or the daemon cannot be reached. */
    public static final int UNKNOWN = 4;

    private ExitCodes() {
    }
}
