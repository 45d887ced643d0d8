package io.jsuper.jsuperctl;

/** A failure reported as one stderr line ("jsuperctl: …") and the given exit code. */
public class CtlException extends RuntimeException {
    private final int exitCode;
    private final String code;

    public CtlException(int exitCode, String message) {
        this(exitCode, message, null);
    }

    /** @param code the daemon's error code ({@code BAD_NAME}…) when the daemon answered with one, else null */
    public CtlException(int exitCode, String message, String code) {
        super(message);
        this.exitCode = exitCode;
        this.code = code;
    }

    public int exitCode() {
        return exitCode;
    }

    /** The daemon's error code, or null for a failure on the client's side (no daemon, bad answer). */
    public String code() {
        return code;
    }
}
