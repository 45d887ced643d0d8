package io.jsuper.jsuperd.events;

import io.jsuper.jsuperd.core.ProcessContext;
import io.jsuper.jsuperd.core.ProcessSlot;
import io.jsuper.jsuperd.core.state.ProcessState;
import io.jsuper.jsuperd.health.ProbeStatus;
import io.jsuper.jsuperd.metrics.DaemonStats;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Passes the core's notifications on to the supervisor, publishes them as events and counts what the
 * daemon's metrics show (spawn latency, reloads); on the loop thread.
 */
public final class BusPublishingListener implements ProcessContext.ProcessListener {
    private final ProcessContext.ProcessListener next;
    private final EventBus bus;
    private final DaemonStats stats;

    public BusPublishingListener(ProcessContext.ProcessListener next, EventBus bus) {
        this(next, bus, new DaemonStats());
    }

    public BusPublishingListener(ProcessContext.ProcessListener next, EventBus bus, DaemonStats stats) {
        this.next = next;
        this.bus = bus;
        this.stats = stats;
    }

    @Override
    public void spawnEnded(ProcessSlot slot, long nanos, String error) {
        next.spawnEnded(slot, nanos, error);
        if (error == null) {
            stats.spawned(nanos);
            return;
        }
        Map<String, Object> data = base(slot);
        data.put("error", error);
        bus.publish("spawn_error", data);
    }

    @Override
    public void configReloaded(String error) {
        next.configReloaded(error);
        stats.reloaded(error == null, System.currentTimeMillis());
        Map<String, Object> data = new LinkedHashMap<>(4);
        data.put("ok", error == null);
        data.put("error", error);
        bus.publish("reload", data);
    }

    @Override
    public void spawned(ProcessSlot slot, int pid) {
        next.spawned(slot, pid);
    }

    @Override
    public void stateChanged(ProcessSlot slot, ProcessState from, ProcessState to) {
        next.stateChanged(slot, from, to);
        Map<String, Object> data = base(slot);
        data.put("from", from.name());
        data.put("to", to.name());
        data.put("pid", slot.pid());
        data.put("reason", slot.reason());
        bus.publish("state", data);
    }

    @Override
    public void probeChanged(ProcessSlot slot, ProbeStatus status) {
        next.probeChanged(slot, status);
        Map<String, Object> data = base(slot);
        data.put("probe", status.role());
        data.put("check", status.check());
        data.put("passing", status.passing());
        data.put("result", status.lastResult());
        bus.publish("probe", data);
    }

    @Override
    public void rolloutChanged(String watcher, String state, String detail) {
        next.rolloutChanged(watcher, state, detail);
        Map<String, Object> data = new LinkedHashMap<>(4);
        data.put("watcher", watcher);
        data.put("state", state);
        data.put("detail", detail);
        bus.publish("rollout", data);
    }

    private static Map<String, Object> base(ProcessSlot slot) {
        Map<String, Object> data = new LinkedHashMap<>(8);
        data.put("watcher", slot.watcherName());
        data.put("process", slot.displayName());
        return data;
    }
}
