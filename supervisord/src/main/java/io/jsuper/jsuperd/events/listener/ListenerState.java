package io.jsuper.jsuperd.events.listener;

/** supervisord's event listener states: what the daemon expects next from a listener process. */
public enum ListenerState {
    /** Started, or answered its last event: READY is expected. */
    ACKNOWLEDGED,
    /** Said READY: the next event may be sent. */
    READY,
    /** Has an event: RESULT is expected. */
    BUSY,
    /** Broke the protocol: gets no more events until it is restarted. */
    UNKNOWN
}
