package io.jsuper.jsuperd.core;

/** A control request that cannot be done, with the code the API reports. */
public class ControlException extends RuntimeException {
    private final ErrorCode code;

    public ControlException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
