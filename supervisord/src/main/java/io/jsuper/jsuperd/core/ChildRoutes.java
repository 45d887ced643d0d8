package io.jsuper.jsuperd.core;

import io.jsuper.jsuperd.os.ChildReaper;
import io.jsuper.jsuperd.os.ExitStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Which process slot a child pid belongs to, and the delivery of what children report from other threads
 * (an exit from the reaper, a notify message from the notify socket) to that slot on the loop. A pid that
 * is no slot's main process may be a side command (exec check, alarm).
 */
final class ChildRoutes {
    private static final Logger log = LoggerFactory.getLogger(ChildRoutes.class);
    /** Notify messages that may wait for the loop at once; more are dropped (a chatty child cannot flood it). */
    static final int MAX_NOTIFY_PENDING = 1024;

    private final LoopExecutor loop;
    private final ChildReaper reaper;
    private final Supplier<ProcessContext> ctx;
    private final Map<Integer, ProcessSlot> byPid = new HashMap<>();
    /** Main pid to its watcher and process name, for threads other than the loop (StatsD senders). */
    private final Map<Integer, Map<String, String>> sources = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicInteger notifyPending = new AtomicInteger();

    /** {@code ctx} is null until boot has made it. */
    ChildRoutes(LoopExecutor loop, ChildReaper reaper, Supplier<ProcessContext> ctx) {
        this.loop = loop;
        this.reaper = reaper;
        this.ctx = ctx;
    }

    /** On the loop: {@code slot} spawned its main process {@code pid}. */
    void spawned(ProcessSlot slot, int pid) {
        byPid.put(pid, slot);
        sources.put(pid, Map.of("watcher", slot.watcherName(), "process", slot.displayName()));
        reaper.childSpawned();
    }

    /** From the reaper: {@code pid} exited and stays a zombie until its owner handled it on the loop. */
    void exited(int pid, ExitStatus status) {
        loop.execute(() -> {
            try {
                ProcessSlot slot = byPid.remove(pid);
                sources.remove(pid);
                ProcessContext context = ctx.get();
                if (slot != null) {
                    slot.childExited(status);
                } else if (context != null && context.commands().exited(pid, status)) {
                    log.debug("side command {} ended ({})", pid, status);
                } else {
                    log.debug("reaped unknown child {} ({})", pid, status);
                }
            } finally {
                reaper.reap(pid);
            }
        });
    }

    /**
     * Any thread: the watcher and process labels of the first pid of {@code lineage} that is a main process
     * (the sender, its process group, its parents), or no labels when none is.
     */
    Map<String, String> sourceOf(List<Integer> lineage) {
        for (int pid : lineage) {
            Map<String, String> labels = sources.get(pid);
            if (labels != null) {
                return labels;
            }
        }
        return Map.of();
    }

    /**
     * From the notify thread: a child sent {@code fields}. {@code lineage}: the sender's pid, its process
     * group and parents, nearest first; the first that is a main process gets the message.
     */
    void notified(List<Integer> lineage, Map<String, String> fields) {
        if (notifyPending.incrementAndGet() > MAX_NOTIFY_PENDING) {
            notifyPending.decrementAndGet();
            return;
        }
        loop.execute(() -> {
            notifyPending.decrementAndGet();
            for (int pid : lineage) {
                ProcessSlot slot = byPid.get(pid);
                if (slot != null) {
                    slot.notified(fields);
                    return;
                }
            }
            log.debug("notify message from pid {}, which is no supervised process: ignored", lineage.get(0));
        });
    }
}
