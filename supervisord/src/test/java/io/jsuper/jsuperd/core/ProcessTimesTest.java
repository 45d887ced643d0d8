package io.jsuper.jsuperd.core;

import io.jsuper.jsuperd.core.state.ProcessState;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A slot's last spawn and last end stay known after the child is gone (supervisord's laststart/laststop). */
class ProcessTimesTest extends SupervisorOnManualClock {

    @Test
    void lastStartAndStop_areKeptAfterTheChildEnded_asAgesOfTheRead() throws Exception {
        TestWatchers web = new TestWatchers();
        web.startsecs = Duration.ZERO;
        boot(web);
        ProcessInfo running = status("web").get(0);
        assertEquals(new ProcessTimes(0, -1), running.times(), "spawned now, never ended");
        time.advance(Duration.ofSeconds(10));
        supervisor.stop("web", true);
        time.run();
        exit(100);
        time.advance(Duration.ofSeconds(5));
        ProcessInfo stopped = status("web").get(0);
        assertEquals(ProcessState.STOPPED, stopped.state());
        assertEquals(new ProcessTimes(15_000, 5_000), stopped.times());
        assertEquals(0, stopped.uptimeMillis(), "no child: no uptime");
    }
}
