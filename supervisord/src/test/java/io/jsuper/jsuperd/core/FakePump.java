package io.jsuper.jsuperd.core;

import io.jsuper.jsuperd.logs.OutputPump;
import io.jsuper.jsuperd.logs.OutputSink;

import java.util.ArrayList;
import java.util.List;

/** Records attached fds; runs tasks at once. */
final class FakePump implements OutputPump {
    final List<Integer> attached = new ArrayList<>();
    /** The sink of each attached fd (the last one). */
    final java.util.Map<Integer, OutputSink> sinks = new java.util.HashMap<>();

    @Override
    public void start() {
    }

    @Override
    public void attach(int fd, OutputSink sink) {
        attached.add(fd);
        sinks.put(fd, sink);
    }

    @Override
    public void execute(Runnable task) {
        task.run();
    }

    @Override
    public void close() {
    }
}
