package io.jsuper.jsuperd.notify;

/** Delivers one notify-protocol message (e.g. {@code "READY=1\nSTATUS=…"}); tests use a recording fake. */
public interface NotifySender {

    /** Sends {@code message}; returns false (never throws) when it could not be delivered. */
    boolean send(String message);
}
