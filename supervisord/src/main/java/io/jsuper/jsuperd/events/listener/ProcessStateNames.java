package io.jsuper.jsuperd.events.listener;

import io.jsuper.jsuperd.core.ProcessSlot;

/**
 * supervisord's names for a jsuper process in event payloads, as jsuper's XML-RPC names them: a watcher is a
 * group; a one-process watcher's process has the watcher's name, a process of a bigger watcher is {@code web_2}.
 */
final class ProcessStateNames {
    private ProcessStateNames() {
    }

    static String processName(ProcessSlot slot) {
        return slot.config().numprocesses() == 1 ? slot.watcherName() : slot.watcherName() + "_" + slot.wid();
    }

    static String header(ProcessSlot slot, String fromState) {
        return "processname:" + processName(slot) + " groupname:" + slot.watcherName() + " from_state:" + fromState;
    }
}
