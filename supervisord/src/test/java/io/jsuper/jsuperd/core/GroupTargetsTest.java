package io.jsuper.jsuperd.core;

import io.jsuper.jsuperd.config.WatcherMonitoring;
import io.jsuper.jsuperd.core.state.ProcessState;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** supervisord's {@code GROUP:*} and {@code GROUP:NAME} in every command of the core (REST and jsuperctl use them). */
class GroupTargetsTest extends SupervisorOnManualClock {

    private static TestWatchers watcher(String name, String group) {
        TestWatchers w = new TestWatchers();
        w.name = name;
        w.args = name;
        w.startsecs = Duration.ZERO;
        if (group != null) {
            w.monitoring = new WatcherMonitoring(Map.of(), Map.of(), Duration.ofSeconds(10), Optional.empty(),
                    Set.of(), Map.of(), Optional.of(group));
        }
        return w;
    }

    private void bootGroup() {
        boot(watcher("web_00", "web"), watcher("web_01", "web"), watcher("db", null));
    }

    private static List<String> watchers(List<ProcessInfo> infos) {
        return infos.stream().map(ProcessInfo::watcher).toList();
    }

    @Test
    void status_ofAGroup_andOfOneMember() throws Exception {
        bootGroup();
        assertEquals(List.of("web_00", "web_01"), watchers(status("web:*")));
        assertEquals(List.of("web_01"), watchers(status("web:web_01")));
        assertEquals(List.of("db"), watchers(status("db:db")), "a watcher without a group is its own group");
    }

    @Test
    void stopAndStart_ofAGroup_actOnEveryMember_andOnlyOnThem() throws Exception {
        bootGroup();
        List<ProcessInfo> stopped = now(supervisor.stop("web:*", false));
        assertEquals(List.of("web_00", "web_01"), watchers(stopped));
        stopped.forEach(p -> exit(p.pid()));
        assertEquals(ProcessState.STOPPED, state("web_00", 1));
        assertEquals(ProcessState.STOPPED, state("web_01", 1));
        assertEquals(ProcessState.RUNNING, state("db", 1));

        now(supervisor.start("web:web_00", false));
        time.run();
        assertEquals(ProcessState.RUNNING, state("web_00", 1));
        assertEquals(ProcessState.STOPPED, state("web_01", 1));
        List<ProcessInfo> started = now(supervisor.start("web:*", false));
        assertEquals(List.of("web_01"), watchers(started), "a member already started is skipped, as with all");
    }

    @Test
    void stop_ofAGroupAlreadyStopped_isNotRunning() throws Exception {
        bootGroup();
        now(supervisor.stop("web:*", false)).forEach(p -> exit(p.pid()));
        ExecutionException e = assertThrows(ExecutionException.class, () -> now(supervisor.stop("web:*", false)));
        assertEquals(ErrorCode.NOT_RUNNING, ((ControlException) e.getCause()).code());
    }

    @Test
    void unknownGroupOrMember_isBadName_sayingWhatExists() throws Exception {
        bootGroup();
        ExecutionException e = assertThrows(ExecutionException.class, () -> status("nope:*"));
        assertEquals(ErrorCode.BAD_NAME, ((ControlException) e.getCause()).code());
        assertTrue(e.getCause().getMessage().contains("no such group: nope"), e.getCause().getMessage());
        e = assertThrows(ExecutionException.class, () -> now(supervisor.restart("web:db", false)));
        assertTrue(e.getCause().getMessage().contains("group web has web_00, web_01"), e.getCause().getMessage());
    }

    @Test
    void processNumbers_keepTheirMeaning() {
        assertFalse(GroupSpec.is("web:2"), "web:2 is process 2 of watcher web");
        assertTrue(GroupSpec.is("web:*"));
        assertTrue(GroupSpec.is("web:web_00"));
        assertFalse(GroupSpec.is("all"));
        assertFalse(GroupSpec.is("web"));
    }
}
