package io.jsuper.jsuperd.api;

import io.jsuper.jsuperd.containment.ResourceUsage;
import io.jsuper.jsuperd.core.ProcessInfo;
import io.jsuper.jsuperd.core.state.ProcessState;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class JsonBodiesTest {

    @Test
    void process_carriesCgroupUsage_onlyWhenKnown() {
        Map<String, Object> known = JsonBodies.process(new ProcessInfo("web", 1, ProcessState.RUNNING, 5, 0, 1, 0,
                null, null, null, 0, io.jsuper.jsuperd.core.OutputCounters.NONE, new ResourceUsage(1500, 4096)));
        assertEquals(1500L, known.get("cpu_usec"));
        assertEquals(4096L, known.get("memory_bytes"));

        Map<String, Object> cpuOnly = JsonBodies.process(new ProcessInfo("web", 1, ProcessState.RUNNING, 5, 0, 1, 0,
                null, null, null, 0, io.jsuper.jsuperd.core.OutputCounters.NONE, new ResourceUsage(1500, -1)));
        assertFalse(cpuOnly.containsKey("memory_bytes"));

        Map<String, Object> none = JsonBodies.process(new ProcessInfo("web", 1, ProcessState.RUNNING, 5, 0, 1, 0,
                null, null, null));
        assertFalse(none.containsKey("cpu_usec"));
    }

    @Test
    void probes_carryLastCheckTime_nullBeforeTheFirst() {
        var checked = new io.jsuper.jsuperd.health.ProbeStatus("liveness", "connect 127.0.0.1:1", false, "refused",
                12, 3, 0, 7, 0, 2_000);
        var never = new io.jsuper.jsuperd.health.ProbeStatus("readiness", "connect 127.0.0.1:1", false, null,
                0, 0, 0, 0);
        java.util.List<Object> list = JsonBodies.probes(java.util.List.of(checked, never), 1_700_000_010_000L);
        Map<?, ?> first = (Map<?, ?>) list.get(0);
        assertEquals(1_700_000_008_000L, first.get("last_check_at_ms"));
        assertEquals(2_000L, first.get("last_check_age_ms"));
        assertEquals(3, first.get("consecutive_failures"));
        assertEquals(12L, first.get("last_latency_ms"));
        Map<?, ?> second = (Map<?, ?>) list.get(1);
        assertTrue(second.containsKey("last_check_at_ms"));
        assertNull(second.get("last_check_at_ms"));
    }
}
