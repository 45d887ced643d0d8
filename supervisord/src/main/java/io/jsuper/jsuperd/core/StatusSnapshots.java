package io.jsuper.jsuperd.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Serves status reads (the most frequent call by far) from an immutable {@link StatusSnapshot} while the
 * loop has run nothing since it was taken; otherwise takes a new one on the loop.
 */
final class StatusSnapshots {
    private final LoopExecutor loop;
    private final Supplier<List<Watcher>> watchers;
    private final Supplier<Clock> clock;
    private final Supplier<StatusSnapshot.UsageSource> usage;
    private volatile StatusSnapshot snapshot;

    /** {@code watchers} in the order status shows them; read on the loop only. */
    StatusSnapshots(LoopExecutor loop, Supplier<List<Watcher>> watchers, Supplier<Clock> clock) {
        this(loop, watchers, clock, () -> StatusSnapshot.NO_USAGE);
    }

    /** {@code usage} gives each snapshot the reader of cgroup usage (read when the snapshot is read). */
    StatusSnapshots(LoopExecutor loop, Supplier<List<Watcher>> watchers, Supplier<Clock> clock,
                    Supplier<StatusSnapshot.UsageSource> usage) {
        this.loop = loop;
        this.watchers = watchers;
        this.clock = clock;
        this.usage = usage;
    }

    /** Applies {@code reader} to a current snapshot; any thread. ControlExceptions fail the future. */
    <T> CompletableFuture<T> read(Function<StatusSnapshot, T> reader) {
        StatusSnapshot current = snapshot;
        if (current != null && current.generation() == loop.generation()) {
            try {
                return CompletableFuture.completedFuture(reader.apply(current));
            } catch (ControlException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        return loop.call(() -> CompletableFuture.completedFuture(reader.apply(take())));
    }

    /** On the loop: pictures the model as it is now, for readers on other threads. */
    private StatusSnapshot take() {
        Map<String, List<StatusSnapshot.SlotView>> views = new LinkedHashMap<>();
        for (Watcher w : watchers.get()) {
            views.put(w.name(), w.processes().stream().map(ProcessSlot::view).toList());
        }
        StatusSnapshot taken = new StatusSnapshot(loop.generation(), views, clock.get(), usage.get());
        snapshot = taken;
        return taken;
    }
}
