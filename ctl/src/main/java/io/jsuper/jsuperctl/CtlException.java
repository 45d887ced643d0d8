package io.jsuper.jsuperctl;

/** A failure reported as one stderr line ("jsuperctl: …") and the given exit code. */
public class CtlException extends RuntimeException {
    private final int exitCode;

    public CtlException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
