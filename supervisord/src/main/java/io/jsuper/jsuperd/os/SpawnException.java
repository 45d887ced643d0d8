package io.jsuper.jsuperd.os;

/** The OS refused to start a child; the message carries the OS reason (e.g. "No such file or directory"). */
public class SpawnException extends Exception {
    public SpawnException(String message) {
        super(message);
    }
}
