package io.jsuper.jsuperd.core;

import io.jsuper.jsuperd.config.WatcherConfig;
import io.jsuper.jsuperd.logs.OutputSink;
import io.jsuper.jsuperd.os.SpawnedChild;

import java.util.function.Supplier;

/**
 * The output files of one process slot: opened lazily at the first spawn, kept across restarts, and
 * closed when the slot is dropped or its config changes. Sinks are only touched on the pump thread;
 * this class only hands them over (it lives on the loop).
 */
final class SlotOutput {
    private final ProcessContext ctx;
    private final int wid;
    private OutputSink stdoutSink;
    private OutputSink stderrSink;

    SlotOutput(ProcessContext ctx, int wid) {
        this.ctx = ctx;
        this.wid = wid;
    }

    /**
     * Connects the pipes of a fresh child to the sinks of {@code config} (opening them the first time); an event
     * listener's stdout goes to its pool's protocol reader, and is copied to its stdout file as supervisord does.
     */
    void attach(ProcessSlot slot, WatcherConfig config, SpawnedChild spawned) {
        OutputSink protocol = spawned.stdinFd() < 0 ? null : ctx.channels().attach(slot, spawned.stdinFd());
        if (protocol != null) {
            if (stdoutSink == null) { // no PROCESS_LOG events from the protocol channel (supervisord sends none)
                stdoutSink = openFile(config, config.stdout(), "stdout");
            }
            OutputSink log = stdoutSink;
            long pid = spawned.pid();
            ctx.pump().execute(() -> log.started(pid));
            ctx.pump().attach(spawned.stdoutFd(), new ProtocolCopySink(protocol, log));
            attachStderr(slot, config, spawned);
            return;
        }
        if (spawned.stdinFd() >= 0) {
            ctx.posix().close(spawned.stdinFd()); // nobody writes events: the listener reads EOF
        }
        if (stdoutSink == null) {
            stdoutSink = open(slot, config, config.stdout(), "stdout");
        }
        OutputSink out = stdoutSink;
        long pid = spawned.pid();
        ctx.pump().execute(() -> out.started(pid)); // queued before the attach: the first read already knows it
        ctx.pump().attach(spawned.stdoutFd(), stdoutSink);
        attachStderr(slot, config, spawned);
    }

    private void attachStderr(ProcessSlot slot, WatcherConfig config, SpawnedChild spawned) {
        long pid = spawned.pid();
        if (spawned.stderrFd() >= 0) {
            if (stderrSink == null) {
                stderrSink = open(slot, config, config.stderr(), "stderr");
            }
            OutputSink err = stderrSink;
            ctx.pump().execute(() -> err.started(pid));
            ctx.pump().attach(spawned.stderrFd(), stderrSink);
        }
    }

    private OutputSink open(ProcessSlot slot, WatcherConfig config, io.jsuper.jsuperd.config.StreamConfig stream,
                            String name) {
        OutputSink sink = openFile(config, stream, name);
        return config.monitoring().sendsOutput(name) ? ctx.channels().outputEvents(slot, name, sink) : sink;
    }

    private OutputSink openFile(WatcherConfig config, io.jsuper.jsuperd.config.StreamConfig stream, String name) {
        // The process name prefixes console lines ([web:1] …).
        OutputSink sink = ctx.sinks().open(config.name(), name, config.name() + ":" + wid,
                stream.fileFor(ctx.logdir().get(), config.name(), wid, name), stream);
        ctx.pump().execute(sink::reopen);
        return sink;
    }

    /** A reader of the live drop counters that any thread may call later (status snapshots). */
    Supplier<OutputCounters> counters() {
        OutputSink out = stdoutSink;
        OutputSink err = stderrSink;
        return () -> OutputCounters.of(out, err);
    }

    /** Closes the sinks (the slot is gone or its config changed); the close runs on the pump thread. */
    void close() {
        OutputSink out = stdoutSink;
        OutputSink err = stderrSink;
        stdoutSink = null;
        stderrSink = null;
        if (out != null || err != null) {
            ctx.pump().execute(() -> closeBoth(out, err));
        }
    }

    /** Reopens the files (SIGUSR2, after an external logrotate); on the pump thread. */
    void reopen() {
        OutputSink out = stdoutSink;
        OutputSink err = stderrSink;
        ctx.pump().execute(() -> {
            if (out != null) {
                out.reopen();
            }
            if (err != null) {
                err.reopen();
            }
        });
    }

    private static void closeBoth(OutputSink out, OutputSink err) {
        if (out != null) {
            out.close();
        }
        if (err != null) {
            err.close();
        }
    }
}
