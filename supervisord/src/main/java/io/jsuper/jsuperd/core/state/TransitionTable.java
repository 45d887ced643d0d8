package io.jsuper.jsuperd.core.state;

import java.util.EnumMap;
import java.util.Map;

import static io.jsuper.jsuperd.core.state.ProcessEvent.*;
import static io.jsuper.jsuperd.core.state.ProcessState.*;

/**
 * The process state machine as a table: every (state, event) pair has an explicit outcome,
 * a move to a state, IGNORE (a stale timer or a late event) or REJECT (a command that makes no sense now).
 */
public final class TransitionTable {

    /** What the table says about one (state, event) pair. */
    public record Outcome(Kind kind, ProcessState target) {
        public enum Kind { MOVE, IGNORE, REJECT }

        static Outcome move(ProcessState target) {
            return new Outcome(Kind.MOVE, target);
        }

        static final Outcome IGNORED = new Outcome(Kind.IGNORE, null);
        static final Outcome REJECTED = new Outcome(Kind.REJECT, null);
    }

    private static final Map<ProcessState, Map<ProcessEvent, Outcome>> TABLE = new EnumMap<>(ProcessState.class);

    static {
        row(STOPPED,
                START_REQUESTED, move(STARTING),
                STARTSECS_ELAPSED, ignore(), FAILED_WILL_RETRY, ignore(), FAILED_GIVING_UP, ignore(),
                EXITED_STAYING_DOWN, ignore(), BACKOFF_ELAPSED, ignore(),
                STOP_REQUESTED, reject(), STOP_TIMEOUT, ignore(), STOPPED_EXIT, ignore());
        row(STARTING,
                START_REQUESTED, reject(),
                STARTSECS_ELAPSED, move(RUNNING),
                FAILED_WILL_RETRY, move(BACKOFF),
                FAILED_GIVING_UP, move(FATAL),
                EXITED_STAYING_DOWN, move(EXITED),
                BACKOFF_ELAPSED, ignore(),
                STOP_REQUESTED, move(STOPPING),
                STOP_TIMEOUT, ignore(), STOPPED_EXIT, ignore());
        row(RUNNING,
                START_REQUESTED, reject(),
                STARTSECS_ELAPSED, ignore(),
                FAILED_WILL_RETRY, move(BACKOFF),
                FAILED_GIVING_UP, move(FATAL),
                EXITED_STAYING_DOWN, move(EXITED),
                BACKOFF_ELAPSED, ignore(),
                STOP_REQUESTED, move(STOPPING),
                STOP_TIMEOUT, ignore(), STOPPED_EXIT, ignore());
        row(BACKOFF,
                START_REQUESTED, move(STARTING),
                STARTSECS_ELAPSED, ignore(), FAILED_WILL_RETRY, ignore(), FAILED_GIVING_UP, ignore(),
                EXITED_STAYING_DOWN, ignore(),
                BACKOFF_ELAPSED, move(STARTING),
                STOP_REQUESTED, move(STOPPED),
                STOP_TIMEOUT, ignore(), STOPPED_EXIT, ignore());
        row(STOPPING,
                START_REQUESTED, reject(),
                STARTSECS_ELAPSED, ignore(), FAILED_WILL_RETRY, ignore(), FAILED_GIVING_UP, ignore(),
                EXITED_STAYING_DOWN, ignore(), BACKOFF_ELAPSED, ignore(),
                STOP_REQUESTED, ignore(),
                STOP_TIMEOUT, move(STOPPING),
                STOPPED_EXIT, move(STOPPED));
        row(EXITED,
                START_REQUESTED, move(STARTING),
                STARTSECS_ELAPSED, ignore(), FAILED_WILL_RETRY, ignore(), FAILED_GIVING_UP, ignore(),
                EXITED_STAYING_DOWN, ignore(), BACKOFF_ELAPSED, ignore(),
                STOP_REQUESTED, reject(), STOP_TIMEOUT, ignore(), STOPPED_EXIT, ignore());
        row(FATAL,
                START_REQUESTED, move(STARTING),
                STARTSECS_ELAPSED, ignore(), FAILED_WILL_RETRY, ignore(), FAILED_GIVING_UP, ignore(),
                EXITED_STAYING_DOWN, ignore(), BACKOFF_ELAPSED, ignore(),
                STOP_REQUESTED, reject(), STOP_TIMEOUT, ignore(), STOPPED_EXIT, ignore());
        for (ProcessState s : ProcessState.values()) {
            if (TABLE.get(s).size() != ProcessEvent.values().length) {
                throw new IllegalStateException("transition table row " + s + " is incomplete");
            }
        }
    }

    private TransitionTable() {
    }

    public static Outcome lookup(ProcessState state, ProcessEvent event) {
        return TABLE.get(state).get(event);
    }

    private static Outcome move(ProcessState target) {
        return Outcome.move(target);
    }

    private static Outcome ignore() {
        return Outcome.IGNORED;
    }

    private static Outcome reject() {
        return Outcome.REJECTED;
    }

    private static void row(ProcessState state, Object... eventsAndOutcomes) {
        Map<ProcessEvent, Outcome> row = new EnumMap<>(ProcessEvent.class);
        for (int i = 0; i < eventsAndOutcomes.length; i += 2) {
            ProcessEvent event = (ProcessEvent) eventsAndOutcomes[i];
            if (row.put(event, (Outcome) eventsAndOutcomes[i + 1]) != null) {
                throw new IllegalStateException("duplicate cell " + state + " x " + event);
            }
        }
        TABLE.put(state, row);
    }
}
