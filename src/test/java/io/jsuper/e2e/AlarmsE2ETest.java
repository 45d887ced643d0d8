package io.jsuper.e2e;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

/** on_* alarm commands under the built daemon: real commands get the event on stdin and in env, and are time-limited. */
class AlarmsE2ETest extends DaemonE2ETest {

    @Test
    void onFatal_getsTheEventAsJsonOnStdinAndInEnv_andASlowAlarmIsKilledAtItsTimeout() throws Exception {
        Marked mark = new Marked();
        Path json = tmp.resolve("fatal.json");
        Path env = tmp.resolve("fatal.env");
        jsuperd = new DaemonHarness(tmp, """
                [watcher:crash]
                cmd = /bin/sh -c "exit 3"
                max_retry = 0
                on_fatal = /bin/sh -c "cat > %s.tmp; env > %s; mv %s.tmp %s"

                [watcher:flappy]
                cmd = /bin/sh -c "sleep 0.3; exit 1"
                startsecs = 0
                backoff_initial = 1s
                %s
                on_restart = /bin/sh -c "sleep 300 & sleep 300"
                alarm_timeout = 1s
                """.formatted(json, env, json, json, mark.envLine())).start();
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(json));
        String event = Files.readString(json);
        assertTrue(event.startsWith("{\"event\":\"fatal\",\"watcher\":\"crash\",\"process\":\"crash:1\","), event);
        assertTrue(event.contains("\"to\":\"FATAL\""), event);
        assertTrue(event.contains("exit 3"), event);
        String vars = Files.readString(env);
        assertTrue(vars.contains("JSUPER_EVENT=fatal\n"), vars);
        assertTrue(vars.contains("JSUPER_PROCESS=crash:1\n"), vars);
        assertTrue(vars.contains("JSUPER_EVENT_JSON={\"event\":\"fatal\""), vars);

        // the restart alarm never ends by itself: killed with its group after 1 s, and skipped while it runs
        await().atMost(Duration.ofSeconds(30)).until(() -> jsuperd.process("flappy", 1).get("restarts").asInt() >= 3);
        jsuperd.post("/services/flappy/stop");
        jsuperd.awaitState("flappy", 1, "STOPPED");
        await().atMost(Duration.ofSeconds(20)).until(() -> mark.pids().isEmpty());
        assertTrue(jsuperd.daemonLogText().contains("alarm on_restart for flappy:1 failed: timed out after 1000 ms"),
                jsuperd.daemonLogText());
    }
}
