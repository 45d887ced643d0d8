package io.jsuper.jsuperd.core;

import io.jsuper.jsuperd.config.WatcherMonitoring;
import io.jsuper.jsuperd.config.WatcherMonitoring.AlarmEvent;
import io.jsuper.jsuperd.core.state.ProcessEvent;
import io.jsuper.jsuperd.core.state.ProcessState;
import io.jsuper.jsuperd.os.ExitStatus;
import io.jsuper.jsuperd.os.Signal;
import io.jsuper.jsuperd.os.SpawnRequest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** on_* alarm commands on the manual clock: what runs, with what, and that runs are bounded. */
class AlarmCommandsTest {
    private final ManualScheduler time = new ManualScheduler();
    private final FakePosix posix = new FakePosix();
    private final TestWatchers config = new TestWatchers();
    private final SpawnPlanner planner = new SpawnPlanner(posix, Map.of());
    private final SideCommands commands = new SideCommands(posix, new FakePump(), time, time, planner, () -> { }, 2);
    private final ProcessContext ctx = new ProcessContext(posix, new FakePump(), time, time, planner,
            (file, max, backups) -> new DiscardSink(), () -> Path.of("/tmp/logs"),
            new AlarmCommands(new ProcessContext.ProcessListener() {
                @Override
                public void spawned(ProcessSlot slot, int pid) {
                }

                @Override
                public void stateChanged(ProcessSlot slot, ProcessState from, ProcessState to) {
                }
            }, commands, () -> 1_800_000_000_000L), io.jsuper.jsuperd.health.ProbeRunner.NONE, commands);

    private ProcessSlot slot(Map<AlarmEvent, String> alarms) {
        config.monitoring = new WatcherMonitoring(Map.of(), alarms, Duration.ofSeconds(5));
        config.maxRetry = 0;
        return new ProcessSlot(ctx, config.build(), 1);
    }

    @Test
    void onFatal_runsTheCommand_withTheEventOnStdinAndInTheEnvironment() {
        ProcessSlot slot = slot(Map.of(AlarmEvent.FATAL, "/bin/echo --team 'on call'"));
        slot.fire(ProcessEvent.START_REQUESTED);
        slot.childExited(ExitStatus.exited(2)); // before startsecs, max_retry 0: FATAL
        assertEquals(ProcessState.FATAL, slot.state());
        assertEquals(2, posix.spawned.size(), "the process, then its alarm");
        SpawnRequest alarm = posix.spawned.get(1);
        assertEquals(List.of("/bin/echo", "--team", "on call"), alarm.argv());
        assertEquals("fatal", alarm.env().get("JSUPER_EVENT"));
        assertEquals("web:1", alarm.env().get("JSUPER_PROCESS"));
        assertEquals("FATAL", alarm.env().get("JSUPER_TO"));
        assertTrue(alarm.env().get("JSUPER_REASON").contains("exit 2"), alarm.env().toString());
        String json = new String(alarm.stdin(), StandardCharsets.UTF_8);
        assertTrue(json.startsWith("{\"event\":\"fatal\",\"watcher\":\"web\",\"process\":\"web:1\",\"pid\":0,"
                + "\"time_ms\":1800000000000,\"from\":\"STARTING\",\"to\":\"FATAL\",\"reason\":\""), json);
        assertEquals(json, alarm.env().get("JSUPER_EVENT_JSON"));
        assertTrue(alarm.cgroupProcs().isEmpty());
    }

    @Test
    void alarmOutlivingItsTimeout_isKilledWithItsGroup_andAnEventAgainWhileItRunsIsSkipped() {
        config.startsecs = Duration.ZERO;
        ProcessSlot slot = slot(Map.of(AlarmEvent.RUNNING, "/bin/true"));
        slot.fire(ProcessEvent.START_REQUESTED);
        assertEquals(ProcessState.RUNNING, slot.state());
        assertEquals(2, posix.spawned.size());
        int alarmPid = 101;
        slot.fire(ProcessEvent.STOP_REQUESTED);
        slot.childExited(ExitStatus.killed(Signal.TERM.number(), false));
        slot.fire(ProcessEvent.START_REQUESTED); // RUNNING again while the first alarm still runs
        assertEquals(ProcessState.RUNNING, slot.state());
        assertEquals(3, posix.spawned.size(), "the second process only: its alarm was skipped");
        time.advance(Duration.ofSeconds(5));
        assertTrue(posix.kills.contains(new FakePosix.Kill(alarmPid, Signal.KILL, true)), posix.kills.toString());
        assertTrue(commands.exited(alarmPid, ExitStatus.killed(Signal.KILL.number(), false)));
        time.run();
        slot.fire(ProcessEvent.STOP_REQUESTED);
        slot.childExited(ExitStatus.killed(Signal.TERM.number(), false));
        slot.fire(ProcessEvent.START_REQUESTED);
        assertEquals(5, posix.spawned.size(), "after it ended, the next RUNNING runs the alarm again");
    }

    @Test
    void noAlarmConfigured_runsNothing() {
        config.startsecs = Duration.ZERO;
        ProcessSlot slot = slot(Map.of());
        slot.fire(ProcessEvent.START_REQUESTED);
        assertEquals(1, posix.spawned.size());
    }

    @Test
    void json_escapesQuotesAndControlCharacters() {
        assertEquals("{\"a\":\"x\\\"y\\\\z\\n\\u0001\",\"pid\":7}",
                AlarmCommands.json(new java.util.LinkedHashMap<>(Map.of("a", "x\"y\\z\n\u0001")) {{
                    put("pid", "7");
                }}));
    }
}
