package io.jsuper.jsuperd.notify;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SystemdNotifierTest {
    private final List<String> sent = new ArrayList<>();
    private final SystemdNotifier notifier = new SystemdNotifier(m -> sent.add(m), () -> 7_250_000_000L, Optional.empty());

    @Test
    void reloadBracket_carriesMonotonicMicros_thenReadyWithSummary() {
        notifier.reloading();
        notifier.reloaded("2 running", null);
        assertEquals(List.of("RELOADING=1\nSTATUS=reloading configuration\nMONOTONIC_USEC=7250000",
                "READY=1\nSTATUS=2 running"), sent);
    }

    @Test
    void failedReload_isReadyAgain_withTheFirstLineOfTheErrorInStatus() {
        notifier.reloaded("", "/etc/jsuper/x.ini:3: unknown key\n/etc/jsuper/x.ini:4: bad value");
        assertEquals(List.of("READY=1\nSTATUS=reload failed, running config unchanged: /etc/jsuper/x.ini:3: unknown key"
                + " (+1 more lines, see the log)"), sent);
    }

    @Test
    void stopping_isSentOnce_andSilencesStatusUpdates() {
        notifier.stopping();
        notifier.stopping();
        notifier.status("0 running");
        assertEquals(List.of("STOPPING=1\nSTATUS=stopping watchers"), sent);
    }

    @Test
    void status_isSentOnlyWhenItChanges() {
        notifier.ready("1 running");
        notifier.status("1 running");
        notifier.status("1 running, 1 backoff");
        assertEquals(List.of("READY=1\nSTATUS=1 running", "STATUS=1 running, 1 backoff"), sent);
    }

    @Test
    void watchdogInterval_isHalfOfWatchdogUsec_forThisPidOnly() {
        assertEquals(Optional.of(Duration.ofSeconds(15)), SystemdNotifier.watchdogInterval(Map.of("WATCHDOG_USEC", "30000000"), 42));
        assertEquals(Optional.of(Duration.ofMillis(500)),
                SystemdNotifier.watchdogInterval(Map.of("WATCHDOG_USEC", "1000000", "WATCHDOG_PID", "42"), 42));
        assertEquals(Optional.empty(), SystemdNotifier.watchdogInterval(Map.of("WATCHDOG_USEC", "1000000", "WATCHDOG_PID", "43"), 42));
        assertEquals(Optional.empty(), SystemdNotifier.watchdogInterval(Map.of("WATCHDOG_USEC", "soon"), 42));
        assertEquals(Optional.empty(), SystemdNotifier.watchdogInterval(Map.of(), 42));
    }

    @Test
    void withoutNotifySocket_orWithAnUnusableOne_nothingIsSent() {
        assertFalse(SystemdNotifier.fromEnvironment(Map.of(), 1).watchdogInterval().isPresent());
        SystemdNotifier bad = SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", "vsock:2:1234", "WATCHDOG_USEC", "100"), 1);
        assertTrue(bad.watchdogInterval().isEmpty());
        bad.ready("x"); // must not throw
    }
}
