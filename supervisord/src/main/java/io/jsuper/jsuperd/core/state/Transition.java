package io.jsuper.jsuperd.core.state;

/**
 * One cell of the state table: the state to move to and the action to run. A {@code null} target means
 * the action decides it ({@link SlotAction#JUDGE_EXIT}: BACKOFF, EXITED or FATAL) or that nothing moves.
 */
public record Transition(ProcessState target, SlotAction action) {
    static final Transition IGNORE = new Transition(null, SlotAction.NONE);
    static final Transition REJECT = new Transition(null, SlotAction.REJECT);

    /** True when the cell changes nothing (ignore or reject). */
    public boolean isNoOp() {
        return action == SlotAction.NONE || action == SlotAction.REJECT;
    }
}
