package io.jsuper.jsuperd.core;

/** The fixed set of control errors. Numbers never change; the HTTP status follows from the code. */
public enum ErrorCode {
    BAD_NAME(10, 404),
    ALREADY_STARTED(20, 409),
    NOT_RUNNING(21, 409),
    /** A later command changed what a watcher wants before this command's wait was over. */
    SUPERSEDED(22, 409),
    SPAWN_ERROR(30, 500),
    /** A rolling restart (or reload) halted: a new process did not become ready; the old ones keep serving. */
    ROLLOUT_FAILED(31, 500),
    BAD_CONFIG(40, 400),
    BAD_REQUEST(50, 400),
    UNAUTHORIZED(60, 401),
    FORBIDDEN(61, 403),
    NOT_FOUND(70, 404),
    METHOD_NOT_ALLOWED(71, 405),
    TOO_LARGE(72, 413),
    TIMEOUT(80, 504),
    /** The client did not send a complete request in time (network edge). */
    REQUEST_TIMEOUT(81, 408),
    SHUTTING_DOWN(90, 503),
    /** Too many connections, too few free descriptors or too many unread answers: retry later. */
    OVERLOADED(91, 503),
    INTERNAL(99, 500);

    private final int number;
    private final int httpStatus;

    ErrorCode(int number, int httpStatus) {
        this.number = number;
        this.httpStatus = httpStatus;
    }

    public int number() {
        return number;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
