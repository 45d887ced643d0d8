package io.jsuper.jsuperd.core;

/** Circus's {@code incr}, {@code decr} and {@code numprocesses}: checks the new count, then scales the watcher. */
final class RuntimeScale {
    /** The same ceiling as the config's numprocesses. */
    static final int MAX_PROCESSES = 10_000;

    private RuntimeScale() {
    }

    /** Sets (or, {@code relative}, changes by) the number of processes; returns the new number. */
    static int apply(Watcher w, int count, boolean relative) {
        long target = relative ? (long) w.numprocesses() + count : count;
        if (target < 0 || target > MAX_PROCESSES) {
            throw new ControlException(ErrorCode.BAD_REQUEST, w.name() + " cannot have " + target
                    + " processes: numprocesses goes from 0 to " + MAX_PROCESSES + " (it has " + w.numprocesses() + ")");
        }
        w.scale((int) target);
        return (int) target;
    }
}
