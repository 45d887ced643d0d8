package io.jsuper.jsuperd.core;

import io.jsuper.jsuperd.logs.OutputPump;
import io.jsuper.jsuperd.os.Posix;

import java.nio.file.Path;
import java.util.function.Supplier;

/** What a process slot needs from the outside world, injected so that tests can use fakes. */
public record ProcessContext(
        Posix posix,
        OutputPump pump,
        Scheduler scheduler,
        Clock clock,
        SpawnPlanner planner,
        SinkFactory sinks,
        Supplier<Path> logdir,
        ProcessListener listener,
        io.jsuper.jsuperd.health.ProbeRunner probes) {

    /** Without health checks (every check fails at once). */
    public ProcessContext(Posix posix, OutputPump pump, Scheduler scheduler, Clock clock, SpawnPlanner planner,
                          SinkFactory sinks, Supplier<Path> logdir, ProcessListener listener) {
        this(posix, pump, scheduler, clock, planner, sinks, logdir, listener, io.jsuper.jsuperd.health.ProbeRunner.NONE);
    }

    /** The same context, telling {@code other} instead of this context's listener. */
    public ProcessContext withListener(ProcessListener other) {
        return new ProcessContext(posix, pump, scheduler, clock, planner, sinks, logdir, other, probes);
    }

    /** Told about every spawn and state change, on the loop thread. */
    public interface ProcessListener {
        void spawned(ProcessSlot slot, int pid);

        void stateChanged(ProcessSlot slot, io.jsuper.jsuperd.core.state.ProcessState from,
                          io.jsuper.jsuperd.core.state.ProcessState to);

        /** A health check of {@code slot} started or stopped passing (or gave its first result). */
        default void probeChanged(ProcessSlot slot, io.jsuper.jsuperd.health.ProbeStatus status) {
        }

        /** A rolling restart of {@code watcher} started, completed or failed ({@code detail}: why). */
        default void rolloutChanged(String watcher, String state, String detail) {
        }
    }
}
