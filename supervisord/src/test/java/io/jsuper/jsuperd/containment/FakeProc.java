package io.jsuper.jsuperd.containment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A /proc-like directory for tests: processes are directories with a stat and an environ file. */
final class FakeProc {
    final Path root;
    final List<String> signals = new ArrayList<>();

    FakeProc(Path root) {
        this.root = root;
    }

    FakeProc add(int pid, int ppid, int pgrp, int session, long start, String... env) {
        try {
            Path dir = root.resolve(Integer.toString(pid));
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("stat"), ProcStatTest.statLine(pid, "p" + pid, 'S', ppid, pgrp, session, start));
            Files.writeString(dir.resolve("environ"), String.join("\0", env) + (env.length > 0 ? "\0" : ""));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void remove(int pid) {
        try {
            Path dir = root.resolve(Integer.toString(pid));
            Files.deleteIfExists(dir.resolve("stat"));
            Files.deleteIfExists(dir.resolve("environ"));
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ProcTable table() {
        return new ProcTable(root);
    }

    /** A signaller that records "SIG pid" and makes the process vanish, as a real one would. */
    CgroupTree.PidSignaller dyingSignaller() {
        return (pid, sig) -> {
            synchronized (signals) {
                signals.add(sig.name() + " " + pid);
            }
            remove(pid);
            return true;
        };
    }
}
