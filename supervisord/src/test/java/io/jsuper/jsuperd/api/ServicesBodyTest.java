package io.jsuper.jsuperd.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jsuper.jsuperd.containment.ResourceUsage;
import io.jsuper.jsuperd.core.Goal;
import io.jsuper.jsuperd.core.OutputCounters;
import io.jsuper.jsuperd.core.ProcessInfo;
import io.jsuper.jsuperd.core.state.ProcessState;
import io.jsuper.jsuperd.health.ProbeStatus;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The status list written field by field is byte for byte what Jackson writes for the map form. */
class ServicesBodyTest {
    private static final ObjectMapper JACKSON = new ObjectMapper();

    private static final List<ProcessInfo> VARIED = List.of(
            new ProcessInfo("web", 1, ProcessState.RUNNING, 4242, 123_456, 3, 2, "exit 1", null, null),
            new ProcessInfo("w\u00e9b \"q\"", 2, ProcessState.BACKOFF, 0, 0, 7, 6, "SIGKILL", "ENOENT: no such file",
                    "backoff 2 s\nthen retry", 2_000, new OutputCounters(10, 20, 30, 40),
                    new ResourceUsage(1500, 4096, 8192, 3), List.of(), "/srv/app/releases/42"),
            new ProcessInfo("cpu", 3, ProcessState.STARTING, 17, 5, 1, 0, null, null, null, 0, OutputCounters.NONE,
                    new ResourceUsage(99, -1)),
            new ProcessInfo("odd", Integer.MAX_VALUE, null, 0, Long.MAX_VALUE, 0, 0, null, null, null, -1),
            new ProcessInfo("probed", 1, ProcessState.RUNNING, 88, 1, 1, 0, null, null, null, 0, OutputCounters.NONE,
                    ResourceUsage.UNKNOWN, List.of(new ProbeStatus("readiness", "connect 127.0.0.1:1", false, null,
                    0, 0, 0, 0))));

    private static void sameAsJackson(ServicesBody body) throws Exception {
        byte[] jackson = JACKSON.writeValueAsBytes(body.plain());
        assertArrayEquals(jackson, JsonWriter.write(body), () -> "Jackson: " + new String(jackson, StandardCharsets.UTF_8)
                + "\ndirect:  " + new String(safe(body), StandardCharsets.UTF_8));
    }

    private static byte[] safe(ServicesBody body) {
        try {
            return JsonWriter.write(body);
        } catch (JsonWriter.Unsupported e) {
            return e.toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    @Test
    void statusList_sameBytesAsJacksonOnTheMaps() throws Exception {
        sameAsJackson(new ServicesBody(VARIED));
        sameAsJackson(new ServicesBody(List.of()));
        for (ProcessInfo p : VARIED) {
            sameAsJackson(new ServicesBody(List.of(p)));
        }
    }

    @Test
    void outcome_sameBytesAsJacksonOnTheMaps_withOkPerProcessAndForAll() throws Exception {
        List<ProcessInfo> withState = VARIED.stream().filter(p -> p.state() != null).toList();
        sameAsJackson(new ServicesBody(withState, Goal.UP));
        sameAsJackson(new ServicesBody(withState, Goal.DOWN));
        sameAsJackson(new ServicesBody(List.of(), Goal.UP));
        assertEquals("{\"services\":[],\"ok\":true}",
                new String(JsonWriter.write(new ServicesBody(List.of(), Goal.UP)), StandardCharsets.UTF_8));
    }

    @Test
    void jacksonFallback_writesThePlainForm() throws Exception {
        ServicesBody body = new ServicesBody(VARIED.subList(0, 2), Goal.UP);
        assertArrayEquals(JACKSON.writeValueAsBytes(body.plain()), JACKSON.writeValueAsBytes(body));
        String beyondBmp = "emoji \uD83D\uDE00"; // JsonWriter leaves these to Jackson
        ServicesBody odd = new ServicesBody(List.of(new ProcessInfo("w", 1, ProcessState.FATAL, 0, 0, 1, 0, null,
                null, beyondBmp)));
        assertArrayEquals(JACKSON.writeValueAsBytes(odd.plain()), ApiHandler.toJson(odd));
    }
}
