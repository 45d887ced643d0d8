package io.jsuper.jsuperd.notify;

import io.jsuper.jsuperd.core.ProcessInfo;
import io.jsuper.jsuperd.core.Scheduler;
import io.jsuper.jsuperd.core.state.ProcessState;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The link's timers on a hand-driven loop: watchdog at the interval, status only when it changed. */
class SystemdLinkTest {
    private final List<String> sent = new ArrayList<>();
    private final Loop loop = new Loop();
    private List<ProcessState> states = List.of();
    private final Supplier<CompletableFuture<List<ProcessInfo>>> control = () -> CompletableFuture.completedFuture(
            states.stream().map(s -> new ProcessInfo("w", 1, s, 0, 0, 0, 0, null, null, null)).toList());

    @Test
    void ready_thenWatchdogAtEveryInterval_andStatusWhenItChanges() {
        SystemdNotifier notifier = new SystemdNotifier(sent::add, () -> 0L, Optional.of(Duration.ofSeconds(2)));
        SystemdLink link = new SystemdLink(notifier, control, loop);
        states = List.of(ProcessState.RUNNING);
        link.ready();
        assertEquals(List.of("READY=1\nSTATUS=1 running"), sent);

        loop.advance(Duration.ofSeconds(4)); // keep-alives at 0, 2 and 4 s
        assertEquals(3, sent.stream().filter("WATCHDOG=1"::equals).count(), sent.toString());

        states = List.of(ProcessState.RUNNING, ProcessState.BACKOFF);
        loop.advance(SystemdLink.STATUS_REFRESH);
        assertEquals("STATUS=1 running, 1 backoff", sent.stream().filter(m -> m.startsWith("STATUS=")).reduce((a, b) -> b).orElseThrow());
    }

    @Test
    void withoutWatchdog_noKeepAliveIsScheduled() {
        SystemdLink link = new SystemdLink(new SystemdNotifier(sent::add, () -> 0L, Optional.empty()), control, loop);
        link.ready();
        loop.advance(Duration.ofMinutes(1));
        assertEquals(0, sent.stream().filter("WATCHDOG=1"::equals).count());
    }

    /** Regression: a daemon not run by systemd read every process's status (and cgroup usage) on the loop at boot. */
    @Test
    void withoutSystemd_readyAndReloadReadNoStatus() {
        int[] reads = {0};
        SystemdLink link = new SystemdLink(SystemdNotifier.fromEnvironment(java.util.Map.of(), 1), () -> {
            reads[0]++;
            return control.get();
        }, loop);
        link.ready();
        link.reloaded(null);
        loop.advance(Duration.ofMinutes(1));
        assertEquals(0, reads[0]);
        assertEquals(List.of(), sent);
    }

    /** A single-threaded scheduler that runs tasks only when the test advances time. */
    private static final class Loop implements Scheduler {
        private record Task(long due, long order, Runnable body) {
        }

        private final List<Task> tasks = new ArrayList<>();
        private long now;
        private long order;

        @Override
        public Timer schedule(Duration delay, Runnable task) {
            Task t = new Task(now + delay.toNanos(), order++, task);
            tasks.add(t);
            return () -> tasks.remove(t);
        }

        @Override
        public void execute(Runnable task) {
            schedule(Duration.ZERO, task);
        }

        void advance(Duration by) {
            long target = now + by.toNanos();
            for (int guard = 0; guard < 10_000; guard++) {
                Task next = tasks.stream().filter(t -> t.due <= target)
                        .min(Comparator.comparingLong(Task::due).thenComparingLong(Task::order)).orElse(null);
                if (next == null) {
                    break;
                }
                tasks.remove(next);
                now = next.due;
                next.body.run();
            }
            now = target;
        }
    }
}
