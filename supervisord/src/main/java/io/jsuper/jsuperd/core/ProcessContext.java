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
        io.jsuper.jsuperd.health.ProbeRunner probes,
        SideCommands commands,
        ListenerChannels channels) {

    /** How many side commands (exec checks, alarms) run at once when not configured otherwise. */
    public static final int DEFAULT_SIDE_COMMANDS = 64;

    /** Without health checks (every network check fails at once). */
    public ProcessContext(Posix posix, OutputPump pump, Scheduler scheduler, Clock clock, SpawnPlanner planner,
                          SinkFactory sinks, Supplier<Path> logdir, ProcessListener listener) {
        this(posix, pump, scheduler, clock, planner, sinks, logdir, listener, io.jsuper.jsuperd.health.ProbeRunner.NONE);
    }

    /** Without supervisord event listener pools. */
    public ProcessContext(Posix posix, OutputPump pump, Scheduler scheduler, Clock clock, SpawnPlanner planner,
                          SinkFactory sinks, Supplier<Path> logdir, ProcessListener listener,
                          io.jsuper.jsuperd.health.ProbeRunner probes, SideCommands commands) {
        this(posix, pump, scheduler, clock, planner, sinks, logdir, listener, probes, commands, ListenerChannels.NONE);
    }

    /** The same context, telling {@code other} instead of this context's listener. */
    public ProcessContext withListener(ProcessListener other) {
        return new ProcessContext(posix, pump, scheduler, clock, planner, sinks, logdir, other, probes, commands,
                channels);
    }

    /** Side commands whose spawns nobody needs to hear about (unit tests: the fake reaper needs no wake-up). */
    public ProcessContext(Posix posix, OutputPump pump, Scheduler scheduler, Clock clock, SpawnPlanner planner,
                          SinkFactory sinks, Supplier<Path> logdir, ProcessListener listener,
                          io.jsuper.jsuperd.health.ProbeRunner probes) {
        this(posix, pump, scheduler, clock, planner, sinks, logdir, listener, probes,
                new SideCommands(posix, pump, scheduler, clock, planner, () -> { }, DEFAULT_SIDE_COMMANDS));
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

        /** A spawn of {@code slot} took {@code nanos} (planned, forked, helper exec'd), or failed ({@code error}). */
        default void spawnEnded(ProcessSlot slot, long nanos, String error) {
        }

        /** A config reload ended: applied, or refused with {@code error}. */
        default void configReloaded(String error) {
        }
    }
}
