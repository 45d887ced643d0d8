package io.jsuper.jsuperd.core;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * {@code deploy NAME --release DIR} and {@code rollback NAME} (docs/zero-downtime.md): switch the watcher's
 * {@code release_link} atomically, roll the watcher (HUP or rolling restart, as its config says), and when the
 * new release does not become ready switch the link back and bring the previous release back. Remembers the
 * releases it replaced (a few per watcher, kept in a {@link HistoryStore} across daemon restarts) for
 * {@code rollback}, and the release each process was
 * started with. Used on the loop only.
 */
final class Deploys {
    private static final Logger log = LoggerFactory.getLogger(Deploys.class);
    static final int HISTORY = 10;

    /** How the supervisor rolls a watcher; each future completes when the processes are ready (or fails). */
    interface Rolls {
        /** What {@code reload} does: HUP and wait for readiness again, or a rolling restart. */
        CompletableFuture<List<ProcessInfo>> roll(Watcher w);

        /** After a failed deploy, with the link back: brings the previous release back up. */
        CompletableFuture<List<ProcessInfo>> restore(Watcher w);
    }

    /** Where the history lives between daemons ({@link ReleaseHistoryFile}); the default keeps it in memory. */
    interface HistoryStore {
        HistoryStore MEMORY = new HistoryStore() {
            @Override
            public Map<String, List<Path>> load() {
                return Map.of();
            }

            @Override
            public void save(Map<String, List<Path>> history) {
            }
        };

        /** The history a previous daemon left; empty when there is none or it cannot be used (never throws). */
        Map<String, List<Path>> load();

        /** Stores a whole snapshot (newest first per watcher), off the caller's thread. */
        void save(Map<String, List<Path>> history);
    }

    private final Rolls rolls;
    private final Map<String, Deque<Path>> history = new HashMap<>();
    private HistoryStore store = HistoryStore.MEMORY;

    Deploys(Rolls rolls) {
        this.rolls = rolls;
    }

    /** Uses {@code next} from now on, starting from what it holds. */
    void useStore(HistoryStore next) {
        store = next;
        history.clear();
        next.load().forEach((watcher, releases) -> history.put(watcher, new ArrayDeque<>(releases)));
    }

    private void saveHistory() {
        Map<String, List<Path>> snapshot = new java.util.LinkedHashMap<>();
        history.forEach((watcher, releases) -> {
            if (!releases.isEmpty()) {
                snapshot.put(watcher, List.copyOf(releases));
            }
        });
        store.save(snapshot);
    }

    /** A process was spawned: it runs the release the link resolves to now (null without a link). */
    void spawned(ProcessSlot slot, Watcher w) {
        slot.startedFromRelease(w == null || w.config().deploy().releaseLink().isEmpty() ? null
                : ReleaseLink.resolved(w.config().deploy().releaseLink().get()).map(Path::toString).orElse(null));
    }

    CompletableFuture<DeployResult> deploy(Watcher w, Path release) {
        return switchAndRoll(w, release, true);
    }

    CompletableFuture<DeployResult> rollback(Watcher w) {
        Deque<Path> earlier = history.get(w.name());
        if (earlier == null || earlier.isEmpty()) {
            throw new ControlException(ErrorCode.BAD_REQUEST, "no earlier release of " + w.name() + " is known: jsuperd "
                    + "remembers the releases deploy replaced (deploy --release DIR instead)");
        }
        return switchAndRoll(w, earlier.peek(), false).thenApply(done -> {
            earlier.pop();
            saveHistory();
            return done;
        });
    }

    /** The link, its target and the release of each process, for status. */
    DeployResult describe(Watcher w) {
        Path link = linkOf(w);
        String target;
        try {
            target = ReleaseLink.target(link).map(Path::toString).orElse(null);
        } catch (IOException e) {
            target = null;
        }
        Deque<Path> earlier = history.get(w.name());
        return result(w, link, target, earlier == null || earlier.isEmpty() ? null : earlier.peek().toString());
    }

    private CompletableFuture<DeployResult> switchAndRoll(Watcher w, Path release, boolean remember) {
        Path link = linkOf(w);
        if (!release.isAbsolute() || !Files.isDirectory(release)) {
            throw new ControlException(ErrorCode.BAD_REQUEST, "release " + release + " is not a directory"
                    + (release.isAbsolute() ? "" : " (give an absolute path)"));
        }
        Optional<Path> previous;
        try {
            previous = ReleaseLink.target(link);
            ReleaseLink.pointAt(link, release);
        } catch (IOException e) {
            throw new ControlException(ErrorCode.BAD_REQUEST, "release_link " + link + ": " + e.getMessage());
        }
        log.info("deploy {}: {} -> {} (was {})", w.name(), link, release, previous.map(Path::toString).orElse("no link"));
        return rolls.roll(w).handle((ok, error) -> {
            if (error == null) {
                if (remember && previous.isPresent() && !previous.get().equals(release)) {
                    Deque<Path> earlier = history.computeIfAbsent(w.name(), n -> new ArrayDeque<>());
                    earlier.push(previous.get());
                    while (earlier.size() > HISTORY) {
                        earlier.removeLast();
                    }
                    saveHistory();
                }
                return CompletableFuture.completedFuture(result(w, link, release.toString(),
                        previous.map(Path::toString).orElse(null)));
            }
            return rollBack(w, link, release, previous, unwrap(error));
        }).thenCompose(f -> f);
    }

    /** The new release failed: the link goes back and the previous release is brought back where needed. */
    private CompletableFuture<DeployResult> rollBack(Watcher w, Path link, Path release, Optional<Path> previous,
                                                     Throwable cause) {
        if (cause instanceof ControlException c && c.code() == ErrorCode.SUPERSEDED) {
            return CompletableFuture.failedFuture(cause); // a later command took over: it decides, not us
        }
        String why = "deploy of " + w.name() + " to " + release + " failed: " + cause.getMessage();
        if (previous.isEmpty()) {
            return CompletableFuture.failedFuture(new ControlException(ErrorCode.ROLLOUT_FAILED, why
                    + "; there was no earlier release to go back to"));
        }
        try {
            ReleaseLink.pointAt(link, previous.get());
        } catch (IOException e) {
            return CompletableFuture.failedFuture(new ControlException(ErrorCode.ROLLOUT_FAILED, why
                    + "; switching " + link + " back to " + previous.get() + " failed too: " + e.getMessage()));
        }
        log.warn("{}; {} points at {} again, bringing it back", why, link, previous.get());
        boolean halted = w.rollFailure() != null;
        boolean anyNew = w.slots().stream().anyMatch(s -> s.generation() == w.generation());
        CompletableFuture<List<ProcessInfo>> back = halted && !anyNew
                ? CompletableFuture.completedFuture(List.of()) // the old processes never stopped serving
                : rolls.restore(w);
        String rolledBack = why + "; rolled back: " + link + " -> " + previous.get();
        return back.handle((ok, error) -> {
            throw new ControlException(ErrorCode.ROLLOUT_FAILED, error == null
                    ? rolledBack + ", " + w.name() + " serves it again"
                    : rolledBack + ", but " + w.name() + " did not come back: " + unwrap(error).getMessage());
        });
    }

    private DeployResult result(Watcher w, Path link, String target, String previous) {
        List<DeployResult.ProcessRelease> processes = new ArrayList<>();
        for (ProcessSlot s : w.processes()) {
            processes.add(new DeployResult.ProcessRelease(s.displayName(), s.pid(), s.state().name(),
                    s.release()));
        }
        return new DeployResult(w.name(), link.toString(), target, previous, processes);
    }

    private static Path linkOf(Watcher w) {
        return w.config().deploy().releaseLink().orElseThrow(() -> new ControlException(ErrorCode.BAD_REQUEST,
                w.name() + " has no release_link: set release_link = /srv/app/current in [watcher:" + w.name() + "]"));
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }
}
