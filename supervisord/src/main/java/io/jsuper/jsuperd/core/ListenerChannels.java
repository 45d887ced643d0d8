package io.jsuper.jsuperd.core;

import io.jsuper.jsuperd.logs.OutputSink;

/**
 * Connects a supervisord event listener's pipes at each spawn: its stdin gets events, its stdout is the protocol
 * channel (READY / RESULT), read by the listener pools instead of being logged.
 */
public interface ListenerChannels {

    /**
     * On the loop: {@code slot}, an event listener, spawned a child whose stdin write end (non-blocking) is
     * {@code stdinFd}; the caller hands over that descriptor. Returns the sink for the child's stdout (called on
     * the pump thread), or null when nobody takes the protocol (the caller then logs stdout and closes the fd).
     */
    OutputSink attach(ProcessSlot slot, int stdinFd);

    /**
     * On the loop, when {@code slot} opens the sink of {@code stream} ("stdout", "stderr") and its watcher sends
     * that output as PROCESS_LOG events: the sink to use instead, which also hands the output to the pools.
     */
    default OutputSink outputEvents(ProcessSlot slot, String stream, OutputSink sink) {
        return sink;
    }

    /** No listener pools (tests of the core): a listener's stdout is logged like any other. */
    ListenerChannels NONE = (slot, stdinFd) -> null;
}
