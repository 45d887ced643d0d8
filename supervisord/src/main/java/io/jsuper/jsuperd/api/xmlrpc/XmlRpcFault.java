package io.jsuper.jsuperd.api.xmlrpc;

/** An XML-RPC fault with supervisord's fault code and its "NAME: detail" string. */
public final class XmlRpcFault extends RuntimeException {

    public static final int UNKNOWN_METHOD = 1;
    public static final int INCORRECT_PARAMETERS = 2;
    public static final int BAD_ARGUMENTS = 3;
    public static final int SIGNATURE_UNSUPPORTED = 4;
    public static final int SHUTDOWN_STATE = 6;
    public static final int BAD_NAME = 10;
    public static final int BAD_SIGNAL = 11;
    public static final int NO_FILE = 20;
    public static final int FAILED = 30;
    public static final int ABNORMAL_TERMINATION = 40;
    public static final int SPAWN_ERROR = 50;
    public static final int ALREADY_STARTED = 60;
    public static final int NOT_RUNNING = 70;
    public static final int SUCCESS = 80;
    public static final int ALREADY_ADDED = 90;
    public static final int STILL_RUNNING = 91;
    public static final int CANT_REREAD = 92;

    private final int code;

    public XmlRpcFault(int code, String name, String detail) {
        super(detail == null || detail.isEmpty() ? name : name + ": " + detail);
        this.code = code;
    }

    public int code() {
        return code;
    }
}
