package io.jsuper.jsuperd.core;

import io.jsuper.jsuperd.os.ChildReaper;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A reaper for core tests: never waits for anything, only records which pids the supervisor reaped. */
final class RecordingReaper implements ChildReaper {
    final List<Integer> reaped = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void start(ExitListener listener) {
    }

    @Override
    public void reap(int pid) {
        reaped.add(pid);
    }

    @Override
    public void childSpawned() {
    }

    @Override
    public void close() {
    }
}
