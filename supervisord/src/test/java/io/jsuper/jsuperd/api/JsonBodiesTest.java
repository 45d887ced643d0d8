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
}
