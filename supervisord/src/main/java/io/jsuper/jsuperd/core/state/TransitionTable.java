package io.jsuper.jsuperd.core.state;

import java.util.EnumMap;
import java.util.Map;

import static io.jsuper.jsuperd.core.state.ProcessEvent.*;
import static io.jsuper.jsuperd.core.state.ProcessState.*;
import static io.jsuper.jsuperd.core.state.SlotAction.*;

/**
 * The process state machine as a table (s6's {@code actions[state][event]}): every (state, event) pair
 * has an explicit {@link Transition}; "ignore" (a stale timer, a late event) and "reject" (a command that
 * makes no sense now) are cells like any other. Unlisted cells are ignored, and a test walks them all.
 */
public final class TransitionTable {
    private static final Map<ProcessState, Map<ProcessEvent, Transition>> TABLE = new EnumMap<>(ProcessState.class);

    static {
        for (ProcessState s : ProcessState.values()) {
            Map<ProcessEvent, Transition> row = new EnumMap<>(ProcessEvent.class);
            for (ProcessEvent e : ProcessEvent.values()) {
                row.put(e, Transition.IGNORE);
            }
            TABLE.put(s, row);
        }
        for (ProcessState resting : new ProcessState[] {STOPPED, EXITED, FATAL}) {
            cell(resting, START_REQUESTED, STARTING, SPAWN_FRESH);
            cell(resting, STOP_REQUESTED, null, REJECT);
        }
        for (ProcessState up : new ProcessState[] {STARTING, RUNNING}) {
            cell(up, START_REQUESTED, null, REJECT);
            cell(up, CHILD_EXITED, null, JUDGE_EXIT);
            cell(up, STOP_REQUESTED, STOPPING, SEND_STOP_SIGNAL);
        }
        cell(STARTING, STARTSECS_ELAPSED, RUNNING, MARK_RUNNING);
        cell(STARTING, SPAWN_FAILED, null, JUDGE_EXIT);
        cell(BACKOFF, START_REQUESTED, STARTING, SPAWN_FRESH);
        cell(BACKOFF, BACKOFF_ELAPSED, STARTING, SPAWN_RETRY);
        cell(BACKOFF, STOP_REQUESTED, STOPPED, CANCEL_RESTART);
        cell(STOPPING, START_REQUESTED, null, REJECT);
        cell(STOPPING, STOP_TIMEOUT, STOPPING, ESCALATE_TO_KILL);
        cell(STOPPING, CHILD_EXITED, STOPPED, FINISH_STOP);
        cell(STARTING, PROBE_READY, RUNNING, MARK_RUNNING);
        cell(STARTING, READY_DEADLINE, STOPPING, STOP_UNHEALTHY);
        cell(STARTING, LIVENESS_FAILED, STOPPING, STOP_UNHEALTHY);
        cell(RUNNING, LIVENESS_FAILED, STOPPING, STOP_UNHEALTHY);
        cell(STOPPING, UNHEALTHY_EXITED, null, JUDGE_UNHEALTHY);
    }

    private TransitionTable() {
    }

    /** The cell for {@code (state, event)}; never null. */
    public static Transition lookup(ProcessState state, ProcessEvent event) {
        return TABLE.get(state).get(event);
    }

    private static void cell(ProcessState state, ProcessEvent event, ProcessState target, SlotAction action) {
        TABLE.get(state).put(event, new Transition(target, action));
    }
}
