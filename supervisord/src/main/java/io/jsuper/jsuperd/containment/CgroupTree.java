package io.jsuper.jsuperd.containment;

import io.jsuper.jsuperd.config.CgroupLimits;
import io.jsuper.jsuperd.os.Signal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * jsuperd's cgroup v2 subtree: {@code base/w.<watcher>/<wid>}. A watcher's cgroup carries its limits
 * and sums its usage; each process lives in its own leaf, so one process's leftovers can be killed
 * without touching its siblings. Directories are created once per slot, never per spawn.
 */
public final class CgroupTree {
    private static final Logger log = LoggerFactory.getLogger(CgroupTree.class);
    static final List<String> CONTROLLERS = List.of("cpu", "memory", "pids");
    /** Rounds of "read cgroup.procs, SIGKILL each" when cgroup.kill is missing (kernel < 5.14). */
    static final int KILL_ROUNDS = 50;

    /** Sends a signal to one pid; false when it is gone. */
    public interface PidSignaller {
        boolean signal(int pid, Signal signal);
    }

    private final CgroupLayout layout;
    private final PidSignaller signaller;
    private final Set<Path> created = ConcurrentHashMap.newKeySet();
    /** Watchers whose cgroup this daemon has made or found (loop thread); dropped when the watcher is removed. */
    private final Set<String> watchersMade = ConcurrentHashMap.newKeySet();
    /**
     * Leaves this daemon made and never killed. Only into those may a process be created by
     * clone3(CLONE_INTO_CGROUP): on the kernels here (6.18) such a child of a cgroup that once got
     * {@code cgroup.kill} is killed at birth (the fork compares the kill sequence of the wrong cgroup).
     * A killed leaf is made anew at its next spawn when it is empty; until then the spawn helper joins it
     * through {@code cgroup.procs}, which that check does not touch.
     */
    private final Set<Path> fresh = ConcurrentHashMap.newKeySet();
    private final Map<String, CgroupLimits> applied = new HashMap<>();
    static final long USAGE_MAX_AGE_NANOS = 500_000_000;
    static final int MAX_CACHED = 20_000;
    /** Keyed by name and wid, not by the leaf's Path: building and hashing a Path per process per status call cost more than the cached read saved. */
    private final Map<SlotKey, TimedUsage> usageCache = new ConcurrentHashMap<>();
    /** memory.current exists only with the memory controller: don't fail a file read per status call without it. */
    private volatile boolean memoryController;
    /** pids.current likewise exists only with the pids controller. */
    private volatile boolean pidsController;

    public CgroupTree(CgroupLayout layout, PidSignaller signaller) {
        this.layout = layout;
        this.signaller = signaller;
    }

    public Path base() {
        return layout.base();
    }

    /** Creates the base, moves the daemon into its leaf (delegated layout), enables the controllers it can. */
    public void prepare(long daemonPid) throws IOException {
        Files.createDirectories(layout.base());
        if (layout.daemonLeaf().isPresent()) {
            Path leaf = layout.daemonLeaf().get();
            Files.createDirectories(leaf);
            write(leaf.resolve("cgroup.procs"), Long.toString(daemonPid));
        }
        Set<String> offered = words(layout.base().resolve("cgroup.controllers"));
        for (String c : CONTROLLERS) {
            if (offered.contains(c)) {
                try {
                    write(layout.base().resolve("cgroup.subtree_control"), "+" + c);
                } catch (IOException e) {
                    log.warn("cannot enable the {} controller in {}: {}", c, layout.base(), e.getMessage());
                }
            }
        }
        refreshControllers();
    }

    void refreshControllers() {
        Set<String> on = controllers();
        memoryController = on.contains("memory");
        pidsController = on.contains("pids");
    }

    /** Controllers a watcher's cgroup gets (those enabled in the base's subtree_control). */
    public Set<String> controllers() {
        return words(layout.base().resolve("cgroup.subtree_control"));
    }

    public Path watcherDir(String watcher) {
        return layout.base().resolve("w." + watcher);
    }

    public Path leaf(String watcher, int wid) {
        return watcherDir(watcher).resolve(Integer.toString(wid));
    }

    /**
     * The {@code cgroup.procs} file a new process of (watcher, wid) joins; creates the cgroups the
     * first time and (re)writes the watcher's limits when they differ from what was written.
     * Loop thread only.
     */
    public Path procsFor(String watcher, int wid, CgroupLimits limits) {
        Path leaf = leaf(watcher, wid);
        try {
            if (!created.contains(leaf)) {
                if (!watchersMade.contains(watcher)) {
                    prepareWatcher(watcher);
                }
                if (makeLeaf(watcher, leaf)) {
                    fresh.add(leaf);
                } else {
                    renew(leaf); // left by an earlier daemon: it may have been killed
                }
                created.add(leaf);
            } else if (!fresh.contains(leaf)) {
                renew(leaf);
            }
            if (!limits.equals(applied.getOrDefault(watcher, CgroupLimits.NONE))) {
                applyLimits(watcherDir(watcher), limits);
                applied.put(watcher, limits);
            }
        } catch (IOException e) {
            throw new ContainmentException("cgroup " + leaf + ": " + e.getMessage());
        }
        return leaf.resolve("cgroup.procs");
    }

    /** One mkdir (a bring-up makes a thousand leaves on the loop); false when the leaf already exists. */
    private boolean makeLeaf(String watcher, Path leaf) throws IOException {
        try {
            Files.createDirectory(leaf);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (NoSuchFileException e) { // the watcher's cgroup was removed behind our back
            prepareWatcher(watcher);
            Files.createDirectory(leaf);
            return true;
        }
    }

    /** Makes the watcher's cgroup (once per watcher and daemon) and hands its leaves the controllers. */
    private void prepareWatcher(String watcher) throws IOException {
        Path dir = watcherDir(watcher);
        boolean newWatcher = !Files.isDirectory(dir);
        Files.createDirectories(dir);
        if (newWatcher && (memoryController || pidsController)) {
            // memory.current/peak and pids.current of each leaf need the controllers handed down
            // (the watcher holds no process); one write: both come from the base, so both are there
            write(dir.resolve("cgroup.subtree_control"), memoryController && pidsController ? "+memory +pids"
                    : memoryController ? "+memory" : "+pids");
        }
        watchersMade.add(watcher);
    }

    /** Writes every limit; a limit no longer set goes back to the kernel's default. */
    static void applyLimits(Path dir, CgroupLimits limits) throws IOException {
        Map<CgroupLimits.Limit, String> values = limits.values();
        for (CgroupLimits.Limit limit : CgroupLimits.Limit.values()) {
            String value = values.get(limit);
            Path file = dir.resolve(limit.file);
            if (value != null) {
                write(file, value);
            } else if (Files.exists(file)) {
                write(file, limit == CgroupLimits.Limit.CPU_WEIGHT ? "100" : "max");
            }
        }
    }

    /**
     * Kills everything in the slot's leaf: {@code cgroup.kill} where the kernel has it (5.14+),
     * else SIGKILL to each pid in {@code cgroup.procs} until it is empty (bounded rounds).
     */
    public void kill(String watcher, int wid) {
        Path leaf = leaf(watcher, wid);
        if (!populated(leaf)) {
            return; // the common case: the main process left nothing behind, and the leaf stays fresh
        }
        fresh.remove(leaf);
        killCgroup(leaf);
    }

    /** True unless {@code cgroup.events} says no live process is left in the cgroup or below it. */
    static boolean populated(Path cgroup) {
        try {
            return !Files.readString(cgroup.resolve("cgroup.events")).contains("populated 0");
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            return true; // cannot tell: kill to be sure
        }
    }

    /** True when {@code leaf} was made by this daemon and never killed since (see {@link #fresh}). */
    public boolean isFresh(Path leaf) {
        return fresh.contains(leaf);
    }

    /** Makes an empty, killed (or inherited) leaf anew; leaves it as it is while something still lives in it. */
    private void renew(Path leaf) {
        try {
            Files.delete(leaf);
            Files.createDirectory(leaf);
            fresh.add(leaf);
        } catch (IOException e) {
            log.debug("cannot renew {} yet ({}); the spawn helper joins it through cgroup.procs", leaf, e.toString());
        }
    }

    void killCgroup(Path cgroup) {
        Path killFile = cgroup.resolve("cgroup.kill");
        if (Files.exists(killFile)) {
            try {
                write(killFile, "1");
                return;
            } catch (IOException e) {
                log.debug("cgroup.kill in {} failed ({}); killing pid by pid", cgroup, e.getMessage());
            }
        }
        for (int round = 0; round < KILL_ROUNDS; round++) {
            List<Integer> pids = pids(cgroup);
            if (pids.isEmpty()) {
                return;
            }
            for (int pid : pids) {
                try {
                    signaller.signal(pid, Signal.KILL); // a pid listed in our cgroup is ours, not a stranger
                } catch (RuntimeException e) {
                    log.debug("SIGKILL {} in {}: {}", pid, cgroup, e.getMessage());
                }
            }
        }
        log.warn("{} still has processes after {} rounds of SIGKILL", cgroup, KILL_ROUNDS);
    }

    /**
     * Usage of one slot's leaf (the process and all it started). Any thread. Figures younger than
     * {@link #USAGE_MAX_AGE_NANOS} are reused, so that frequent status calls on a thousand processes
     * do not read two thousand files each time.
     */
    public ResourceUsage usage(String watcher, int wid) {
        SlotKey key = new SlotKey(watcher, wid);
        long now = System.nanoTime();
        TimedUsage cached = usageCache.get(key);
        if (cached != null && now - cached.atNanos < USAGE_MAX_AGE_NANOS) {
            return cached.usage;
        }
        Path leaf = leaf(watcher, wid);
        boolean memory = memoryController;
        ResourceUsage fresh = new ResourceUsage(cpuUsec(leaf),
                memory ? number(leaf.resolve("memory.current")) : -1,
                memory ? number(leaf.resolve("memory.peak")) : -1,
                pidsController ? number(leaf.resolve("pids.current")) : -1);
        if (usageCache.size() < MAX_CACHED) {
            usageCache.put(key, new TimedUsage(now, fresh));
        } else {
            usageCache.clear();
        }
        return fresh;
    }

    private record TimedUsage(long atNanos, ResourceUsage usage) {
    }

    private record SlotKey(String watcher, int wid) {
    }

    static long cpuUsec(Path cgroup) {
        try {
            for (String line : Files.readAllLines(cgroup.resolve("cpu.stat"))) {
                if (line.startsWith("usage_usec ")) {
                    return Long.parseLong(line.substring(11).strip());
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    private static long number(Path file) {
        try {
            return Long.parseLong(Files.readString(file).strip());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Pids in {@code cgroup} and all its descendants. */
    public static List<Integer> pids(Path cgroup) {
        List<Integer> out = new ArrayList<>();
        collect(cgroup, out, 0);
        return out;
    }

    private static void collect(Path cgroup, List<Integer> out, int depth) {
        try {
            for (String line : Files.readAllLines(cgroup.resolve("cgroup.procs"))) {
                if (!line.isBlank()) {
                    out.add(Integer.parseInt(line.strip()));
                }
            }
        } catch (NoSuchFileException e) {
            // not a cgroup (or removed meanwhile): look below anyway
        } catch (IOException | NumberFormatException e) {
            log.debug("cannot read {}/cgroup.procs: {}", cgroup, e.getMessage());
        }
        if (depth < 8) {
            for (Path child : subgroups(cgroup)) {
                collect(child, out, depth + 1);
            }
        }
    }

    /** Child cgroups (directories) of {@code cgroup}. */
    static List<Path> subgroups(Path cgroup) {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(cgroup, Files::isDirectory)) {
            dir.forEach(out::add);
        } catch (IOException e) {
            return out;
        }
        return out;
    }

    /** Watcher cgroups under the base, by watcher name (for crash recovery and clean-up). */
    public Map<String, Path> watcherDirs() {
        Map<String, Path> out = new HashMap<>();
        for (Path p : subgroups(layout.base())) {
            String name = p.getFileName().toString();
            if (name.startsWith("w.")) {
                out.put(name.substring(2), p);
            }
        }
        return out;
    }

    /** Removes a watcher's cgroups if they are empty (after it was removed from the config). */
    public void removeWatcher(String watcher) {
        Path dir = watcherDir(watcher);
        for (Path leaf : subgroups(dir)) {
            removeDir(leaf);
            created.remove(leaf);
        }
        removeDir(dir);
        applied.remove(watcher);
        watchersMade.remove(watcher);
    }

    /** At shutdown: every empty watcher cgroup, and the base itself in the top-level layout. */
    public void removeAll() {
        watcherDirs().keySet().forEach(this::removeWatcher);
        if (layout.daemonLeaf().isEmpty()) {
            removeDir(layout.base());
        }
    }

    /** Top-level layout only: rmdir of the base, which fails (quietly) while it has watcher cgroups. */
    public void removeBaseIfEmpty() {
        if (layout.daemonLeaf().isEmpty() && subgroups(layout.base()).isEmpty()) {
            try {
                Files.deleteIfExists(layout.base());
            } catch (IOException e) {
                log.debug("left cgroup {}: {}", layout.base(), e.getMessage());
            }
        }
    }

    private static void removeDir(Path dir) {
        try {
            Files.deleteIfExists(dir); // rmdir: a cgroup with processes refuses (EBUSY), which we leave
        } catch (IOException e) {
            log.warn("cannot remove cgroup {}: {}", dir, e.getMessage());
        }
    }

    static Set<String> words(Path file) {
        try {
            return new LinkedHashSet<>(List.of(Files.readString(file).strip().split("\\s+")));
        } catch (IOException e) {
            return Set.of();
        }
    }

    private static void write(Path file, String value) throws IOException {
        Files.write(file, value.getBytes(StandardCharsets.US_ASCII));
    }
}
