package io.jsuper.jsuperd.core;

import io.jsuper.jsuperd.config.EventListenerSettings;
import io.jsuper.jsuperd.config.WatcherConfig;
import io.jsuper.jsuperd.config.WatcherMonitoring;
import io.jsuper.jsuperd.core.state.ProcessEvent;
import io.jsuper.jsuperd.core.state.ProcessState;
import io.jsuper.jsuperd.events.listener.ListenerPools;
import io.jsuper.jsuperd.events.listener.ListenerState;
import io.jsuper.jsuperd.events.listener.SupervisordEvents;
import io.jsuper.jsuperd.os.ExitStatus;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * supervisord event listeners on real process slots, the manual clock and the fake OS: what a listener reads on
 * its stdin for what it answers on its stdout, and what jsuper's states become in supervisord's terms.
 */
class EventListenerSlotsTest {
    private static final Pattern HEADER = Pattern.compile("ver:3\\.0 server:supervisor serial:(\\d+) pool:(\\S+) "
            + "poolserial:(\\d+) eventname:(\\S+) len:(\\d+)\n");

    private final ManualScheduler time = new ManualScheduler();
    private final FakePosix posix = new FakePosix();
    private final FakePump pump = new FakePump();
    private final AtomicLong wallMillis = new AtomicLong(1_000_000_002_000L);
    private final Map<String, WatcherConfig> watchers = new LinkedHashMap<>();
    /** What the supervisor's config holds: a new map after each change, as after a reload. */
    private Map<String, WatcherConfig> running = Map.of();
    private final ListenerPools pools = new ListenerPools(time, posix, "supervisor");
    private final SupervisordEvents events = new SupervisordEvents(new ProcessContext.ProcessListener() {
        @Override
        public void spawned(ProcessSlot slot, int pid) {
        }

        @Override
        public void stateChanged(ProcessSlot slot, ProcessState from, ProcessState to) {
        }
    }, pools, () -> running, time, wallMillis::get);
    private final SpawnPlanner planner = new SpawnPlanner(posix, Map.of());
    private final ProcessContext ctx = new ProcessContext(posix, pump, time, time, planner,
            (file, max, backups) -> new SplicingSink(), () -> Path.of("/tmp/logs"), events,
            io.jsuper.jsuperd.health.ProbeRunner.NONE,
            new SideCommands(posix, pump, time, time, planner, () -> { }, 4), pools);

    private WatcherConfig listener(int bufferSize, String... types) {
        TestWatchers t = new TestWatchers();
        t.name = "mon";
        t.cmd = "/bin/cat";
        t.args = "";
        t.monitoring = new WatcherMonitoring(Map.of(), Map.of(), Duration.ofSeconds(10),
                Optional.of(new EventListenerSettings("mon", Set.of(types), bufferSize)), Set.of(), Map.of(), Optional.empty());
        WatcherConfig c = t.build();
        watchers.put(c.name(), c);
        running = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(watchers)); // file order, as a config
        return c;
    }

    private WatcherConfig program(String name) {
        TestWatchers t = new TestWatchers();
        t.name = name;
        WatcherConfig c = t.build();
        watchers.put(c.name(), c);
        running = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(watchers)); // file order, as a config
        return c;
    }

    private ProcessSlot running(WatcherConfig c) {
        ProcessSlot slot = new ProcessSlot(ctx, c, 1);
        slot.fire(ProcessEvent.START_REQUESTED);
        time.advance(Duration.ofSeconds(1));
        assertEquals(ProcessState.RUNNING, slot.state());
        return slot;
    }

    /** Writes {@code text} on the listener's stdout (as the pump would) and lets the loop handle it. */
    private void says(ProcessSlot listener, String text) {
        pump.sinks.get(1000 + listener.pid()).write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
        time.run();
    }

    private String stdinOf(ProcessSlot listener) {
        return posix.written.getOrDefault(4000 + listener.pid(), new java.io.ByteArrayOutputStream())
                .toString(StandardCharsets.UTF_8);
    }

    /** The envelopes written so far: eventname, then the payload, with the header checked. */
    private List<String> envelopes(ProcessSlot listener) {
        String all = stdinOf(listener);
        List<String> out = new java.util.ArrayList<>();
        Matcher m = HEADER.matcher(all);
        int at = 0;
        while (at < all.length()) {
            assertTrue(m.find(at) && m.start() == at, "an envelope header at " + at + " of " + all);
            int len = Integer.parseInt(m.group(5));
            out.add(m.group(4) + " " + all.substring(m.end(), m.end() + len));
            at = m.end() + len;
        }
        return out;
    }

    @Test
    void listener_getsItsOwnStatesAndACrash_inSupervisordsTerms_oneEventPerReady() {
        WatcherConfig mon = listener(10, "PROCESS_STATE");
        WatcherConfig app = program("app");
        ProcessSlot l = running(mon);
        assertTrue(posix.spawned.get(0).openStdin(), "a listener's stdin is a pipe jsuperd keeps");
        assertEquals("", stdinOf(l), "nothing before READY");
        says(l, "READY\n");
        assertEquals(List.of("PROCESS_STATE_STARTING processname:mon groupname:mon from_state:STOPPED tries:0"),
                envelopes(l));
        says(l, "RESULT 2\nOK");
        assertEquals(1, envelopes(l).size(), "the next event waits for READY");
        says(l, "READY\n");
        assertEquals("PROCESS_STATE_RUNNING processname:mon groupname:mon from_state:STARTING pid:" + l.pid(),
                envelopes(l).get(1));
        says(l, "RESULT 2\nOK");

        ProcessSlot a = running(app);
        int pid = a.pid();
        a.childExited(ExitStatus.exited(1)); // jsuper: BACKOFF, the first retry at once; supervisord: EXITED
        assertEquals(ProcessState.STARTING, a.state());
        for (int i = 0; i < 4; i++) {
            says(l, "READY\n");
            says(l, "RESULT 2\nOK");
        }
        assertEquals(List.of(
                "PROCESS_STATE_STARTING processname:app groupname:app from_state:STOPPED tries:0",
                "PROCESS_STATE_RUNNING processname:app groupname:app from_state:STARTING pid:" + pid,
                "PROCESS_STATE_EXITED processname:app groupname:app from_state:RUNNING expected:0 pid:" + pid,
                "PROCESS_STATE_STARTING processname:app groupname:app from_state:EXITED tries:0"),
                envelopes(l).subList(2, 6));
    }

    @Test
    void fail_sendsTheSameEventAgain_withItsSerials() {
        ProcessSlot l = running(listener(10, "PROCESS_STATE_STARTING"));
        says(l, "READY\n");
        says(l, "RESULT 4\nFAIL");
        says(l, "READY\n");
        String all = stdinOf(l);
        int half = all.indexOf("ver:3.0", 1);
        assertTrue(half > 0, all);
        assertEquals(all.substring(0, half), all.substring(half), "re-sent as it was (serial and poolserial too)");
        says(l, "RESULT 2\nOK");
        assertEquals(List.of(), pools.queued("mon"));
    }

    @Test
    void junk_makesTheListenerUnknown_andEventsWaitInTheBoundedQueue_oldestDropped() {
        ProcessSlot l = running(listener(2, "PROCESS_STATE"));
        says(l, "hello\n");
        assertEquals(ListenerState.UNKNOWN, pools.states().get("mon:1"));
        for (String name : List.of("a", "b", "c")) {
            running(program(name));
        }
        assertEquals(List.of("PROCESS_STATE_STARTING", "PROCESS_STATE_RUNNING"), pools.queued("mon"),
                "buffer_size 2 keeps the newest two");
        assertEquals("", stdinOf(l));
    }

    @Test
    void listenerExitingWhileBusy_getsTheEventAgainAfterItsRestart() {
        ProcessSlot l = running(listener(10, "PROCESS_STATE_STARTING"));
        int first = l.pid();
        says(l, "READY\n");
        assertEquals(1, envelopes(l).size());
        l.childExited(ExitStatus.exited(1)); // a crash: BACKOFF, restarted at once (the first retry)
        assertTrue(posix.closed.contains(4000 + first), "jsuperd's end of the old stdin is closed");
        time.advance(Duration.ofSeconds(1));
        assertEquals(ProcessState.RUNNING, l.state());
        says(l, "READY\n");
        List<String> again = envelopes(l);
        assertEquals("PROCESS_STATE_STARTING processname:mon groupname:mon from_state:STOPPED tries:0", again.get(0),
                "the event it never answered comes first");
    }

    @Test
    void aListenerThatDoesNotRead_neverBlocks_theRestIsWrittenWhenThereIsRoom() {
        ProcessSlot l = running(listener(10, "PROCESS_STATE_STARTING"));
        posix.stdinRoom = 10;
        says(l, "READY\n");
        assertEquals(10, stdinOf(l).length(), "a partial write, and the loop moves on");
        time.advance(Duration.ofSeconds(5));
        assertEquals(10, stdinOf(l).length());
        posix.stdinRoom = Integer.MAX_VALUE;
        time.advance(Duration.ofSeconds(1));
        assertEquals(1, envelopes(l).size(), "completed by the retry timer: " + stdinOf(l));
    }

    @Test
    void ticks_followTheWallClock_inSupervisordsSlices() {
        ProcessSlot l = running(listener(10, "TICK_5"));
        says(l, "READY\n");
        for (int i = 0; i < 6; i++) {
            wallMillis.addAndGet(1000);
            time.advance(Duration.ofSeconds(1));
        }
        assertEquals(List.of("TICK_5 when:1000000005"), envelopes(l));
    }

    /**
     * Runs a program "app" with these {@code *_events_enabled} streams and {@code *_capture_maxbytes}, and tells its
     * stdout sink the pid, as the pump thread does before the first read.
     */
    private ProcessSlot runningApp(Set<String> eventsEnabled, Map<String, Integer> captureMaxBytes) {
        TestWatchers t = new TestWatchers();
        t.name = "app";
        t.monitoring = new WatcherMonitoring(Map.of(), Map.of(), Duration.ofSeconds(10), Optional.empty(), eventsEnabled,
                captureMaxBytes, Optional.empty());
        WatcherConfig app = t.build();
        watchers.put("app", app);
        running = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(watchers));
        ProcessSlot a = running(app);
        pump.sinks.get(1000 + a.pid()).started(a.pid());
        return a;
    }

    @Test
    void stdoutEventsEnabled_sendsTheOutput_asProcessLogStdout_andStillLogsIt() {
        ProcessSlot l = running(listener(10, "PROCESS_LOG"));
        ProcessSlot a = runningApp(Set.of("stdout"), Map.of());
        io.jsuper.jsuperd.logs.OutputSink out = pump.sinks.get(1000 + a.pid());
        out.write(ByteBuffer.wrap("hello\n".getBytes(StandardCharsets.UTF_8)));
        pump.sinks.get(2000 + a.pid()).write(ByteBuffer.wrap("not stderr\n".getBytes(StandardCharsets.UTF_8)));
        time.run();
        says(l, "READY\n");
        assertEquals(List.of("PROCESS_LOG_STDOUT processname:app groupname:app pid:" + a.pid() + " channel:stdout\nhello\n"),
                envelopes(l));
    }

    /** Regression: a read that ended inside a character sent half of it, and the len of that event was bytes. */
    @Test
    void processLog_sendsWholeCharacters_whenAReadEndsInsideOne() {
        ProcessSlot l = running(listener(10, "PROCESS_LOG"));
        ProcessSlot a = runningApp(Set.of("stdout"), Map.of());
        io.jsuper.jsuperd.logs.OutputSink out = pump.sinks.get(1000 + a.pid());
        byte[] text = "ab\u00e9c\n".getBytes(StandardCharsets.UTF_8);
        out.write(ByteBuffer.wrap(text, 0, 3)); // "ab" and the first byte of é
        out.write(ByteBuffer.wrap(text, 3, text.length - 3));
        time.run();
        String head = "PROCESS_LOG_STDOUT processname:app groupname:app pid:" + a.pid() + " channel:stdout\n";
        says(l, "READY\n");
        says(l, "RESULT 2\nOK");
        says(l, "READY\n");
        assertEquals(List.of(head + "ab", head + "\u00e9c\n"), envelopes(l));
    }

    /** Regression: bytes that are not UTF-8 went out raw (len counted bytes); supervisord sends Undecodable: b'…'. */
    @Test
    void processLog_sendsUndecodableOutput_asSupervisordsRepr_andCaptureToo() {
        ProcessSlot l = running(listener(10, "PROCESS_LOG", "PROCESS_COMMUNICATION"));
        ProcessSlot a = runningApp(Set.of("stdout"), Map.of("stdout", 100));
        io.jsuper.jsuperd.logs.OutputSink out = pump.sinks.get(1000 + a.pid());
        out.write(ByteBuffer.wrap(new byte[] {'o', 'k', (byte) 0xff, '\'', '\n'}));
        out.write(ByteBuffer.wrap(new byte[] {'<', '!', '-', '-', 'X', 'S', 'U', 'P', 'E', 'R', 'V', 'I', 'S', 'O', 'R',
                ':', 'B', 'E', 'G', 'I', 'N', '-', '-', '>', (byte) 0xfe, '<', '!', '-', '-', 'X', 'S', 'U', 'P', 'E', 'R',
                'V', 'I', 'S', 'O', 'R', ':', 'E', 'N', 'D', '-', '-', '>'}));
        time.run();
        says(l, "READY\n");
        says(l, "RESULT 2\nOK");
        says(l, "READY\n");
        assertEquals(List.of("PROCESS_LOG_STDOUT processname:app groupname:app pid:" + a.pid() + " channel:stdout\n"
                        + "Undecodable: b\"ok\\xff'\\n\"",
                "PROCESS_COMMUNICATION_STDOUT processname:app groupname:app pid:" + a.pid() + "\nUndecodable: b'\\xfe'"),
                envelopes(l));
    }

    @Test
    void captureMode_sendsTheMessage_asProcessCommunicationStdout_andKeepsItOutOfTheOutput() {
        ProcessSlot l = running(listener(10, "PROCESS_COMMUNICATION"));
        ProcessSlot a = runningApp(Set.of(), Map.of("stdout", 100));
        io.jsuper.jsuperd.logs.OutputSink out = pump.sinks.get(1000 + a.pid());
        out.write(ByteBuffer.wrap("log<!--XSUPERVISOR:BEGIN-->msg<!--XSUPERVISOR:END-->\n".getBytes(StandardCharsets.UTF_8)));
        time.run();
        says(l, "READY\n");
        assertEquals(List.of("PROCESS_COMMUNICATION_STDOUT processname:app groupname:app pid:" + a.pid() + "\nmsg"),
                envelopes(l));
    }

    /** A file sink that could splice: says it moved what it was offered. */
    private static final class SplicingSink implements io.jsuper.jsuperd.logs.OutputSink {
        @Override
        public void write(ByteBuffer chunk) {
            chunk.position(chunk.limit());
        }

        @Override
        public long spliceFrom(int pipeFd, long max) {
            return max;
        }

        @Override
        public void reopen() {
        }

        @Override
        public void close() {
        }
    }

    /**
     * Regression: the event tee never passed spliceFrom on, so a stream with *_events_enabled read every byte through
     * the JVM even while no pool listened to its PROCESS_LOG events.
     */
    @Test
    void outputEventsNobodyListensTo_goBySplice_butCaptureModeIsRead() {
        running(listener(10, "PROCESS_STATE"));
        ProcessSlot a = runningApp(Set.of("stdout", "stderr"), Map.of("stderr", 100));
        assertEquals(4096, pump.sinks.get(1000 + a.pid()).spliceFrom(7, 4096), "no pool wants PROCESS_LOG_STDOUT");
        assertEquals(io.jsuper.jsuperd.logs.OutputSink.SPLICE_NOT_NOW, pump.sinks.get(2000 + a.pid()).spliceFrom(7, 4096),
                "capture mode sees every byte");
    }

    @Test
    void aStreamWhoseProcessLogAPoolListensTo_isRead_notSpliced() {
        running(listener(10, "PROCESS_LOG_STDOUT"));
        ProcessSlot a = runningApp(Set.of("stdout", "stderr"), Map.of());
        assertEquals(io.jsuper.jsuperd.logs.OutputSink.SPLICE_NOT_NOW, pump.sinks.get(1000 + a.pid()).spliceFrom(7, 4096));
        assertEquals(4096, pump.sinks.get(2000 + a.pid()).spliceFrom(7, 4096), "nobody wants PROCESS_LOG_STDERR");
    }

    /**
     * Regression: a capture message above 256 KiB was never sent (the in-transit bound of PROCESS_LOG events dropped
     * it), though *_capture_maxbytes allows 1 MB; one that is not UTF-8 is sent as supervisord's repr, 4 MiB of text.
     */
    @Test
    void captureMessagesOf1MiB_areSent_evenAsUndecodableText() {
        ProcessSlot l = running(listener(10, "PROCESS_COMMUNICATION"));
        ProcessSlot a = runningApp(Set.of(), Map.of("stdout", 1024 * 1024));
        io.jsuper.jsuperd.logs.OutputSink out = pump.sinks.get(1000 + a.pid());
        byte[] undecodable = new byte[1024 * 1024];
        java.util.Arrays.fill(undecodable, (byte) 0xff);
        out.write(ByteBuffer.wrap(captured(undecodable)));
        out.write(ByteBuffer.wrap(captured("y".repeat(1024 * 1024).getBytes(StandardCharsets.UTF_8))));
        time.run();
        says(l, "READY\n");
        says(l, "RESULT 2\nOK");
        says(l, "READY\n");
        String head = "PROCESS_COMMUNICATION_STDOUT processname:app groupname:app pid:" + a.pid() + "\n";
        List<String> got = envelopes(l);
        assertEquals(2, got.size());
        assertEquals(head + "Undecodable: b'" + "\\xff".repeat(1024 * 1024) + "'", got.get(0));
        assertEquals(head + "y".repeat(1024 * 1024), got.get(1));
    }

    private static byte[] captured(byte[] message) {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        b.writeBytes("<!--XSUPERVISOR:BEGIN-->".getBytes(StandardCharsets.US_ASCII));
        b.writeBytes(message);
        b.writeBytes("<!--XSUPERVISOR:END-->".getBytes(StandardCharsets.US_ASCII));
        return b.toByteArray();
    }

    @Test
    void groupsAndSupervisorState_atBootAndReload() {
        WatcherConfig mon = listener(10, "PROCESS_GROUP", "SUPERVISOR_STATE_CHANGE");
        program("app");
        events.supervisorRunning();
        ProcessSlot l = running(mon);
        watchers.remove("app");
        program("db"); // a new config without app, with db
        events.configReloaded(null);
        events.supervisorStopping();
        for (int i = 0; i < 6; i++) {
            says(l, "READY\n");
            says(l, "RESULT 2\nOK");
        }
        assertEquals(List.of("PROCESS_GROUP_ADDED groupname:mon\n", "PROCESS_GROUP_ADDED groupname:app\n",
                "SUPERVISOR_STATE_CHANGE_RUNNING ", "PROCESS_GROUP_ADDED groupname:db\n",
                "PROCESS_GROUP_REMOVED groupname:app\n", "SUPERVISOR_STATE_CHANGE_STOPPING "), envelopes(l));
    }

    /** Regression: nothing sent REMOTE_COMMUNICATION (supervisord's sendRemoteCommEvent was missing). */
    @Test
    void remoteCommunication_reachesSubscribedPools_withSupervisordsPayload() {
        WatcherConfig mon = listener(10, "REMOTE_COMMUNICATION");
        ProcessSlot l = running(mon);
        says(l, "READY\n");
        events.remoteCommunication("my.type", "hello\nworld");
        time.run();
        assertEquals(List.of("REMOTE_COMMUNICATION type:my.type\nhello\nworld"), envelopes(l));
        assertTrue(stdinOf(l).contains("eventname:REMOTE_COMMUNICATION len:24\n"), stdinOf(l));
    }

    /**
     * Regression: len counted bytes, supervisord 4 counts characters, and a Python listener reads that many
     * characters from its text stdin: a non-ASCII payload ate the first bytes of the next envelope.
     */
    @Test
    void len_countsCharactersAsSupervisordDoes_soPythonListenersStayInStep() {
        WatcherConfig mon = listener(10, "REMOTE_COMMUNICATION");
        ProcessSlot l = running(mon);
        says(l, "READY\n");
        events.remoteCommunication("my.type", "hello\nworld \u00e9");
        time.run();
        assertTrue(stdinOf(l).contains("eventname:REMOTE_COMMUNICATION len:26\n"), "supervisord 4.2.5 says 26 "
                + "(27 bytes): " + stdinOf(l));
        says(l, "RESULT 2\nOK");
        says(l, "READY\n");
        events.remoteCommunication("t", "x");
        time.run();
        assertEquals(List.of("REMOTE_COMMUNICATION type:my.type\nhello\nworld \u00e9", "REMOTE_COMMUNICATION type:t\nx"),
                envelopes(l));
    }
}
