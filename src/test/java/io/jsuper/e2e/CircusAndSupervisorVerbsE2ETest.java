package io.jsuper.e2e;

import io.jsuper.e2e.DaemonHarness.Ctl;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Circus's incr/decr/numprocesses/list and supervisorctl's avail/add/remove, real client against the real daemon. */
class CircusAndSupervisorVerbsE2ETest extends DaemonE2ETest {
    private static String sleeper(String name, String extra) {
        return "[watcher:" + name + "]\ncmd = sleep 1000\nstartsecs = 0\n" + extra + "\n";
    }

    private static void assertExit(int expected, Ctl r) {
        assertEquals(expected, r.exit(), r.toString());
    }

    @Test
    void incrDecrNumprocesses_scaleUntilTheNextReload_andListShowsThem() throws Exception {
        jsuperd = new DaemonHarness(tmp, sleeper("web", "numprocesses = 2") + sleeper("db", "")).start();
        jsuperd.awaitAll("web", "RUNNING");
        assertEquals("web,db\n", jsuperd.ctl("list").out());

        Ctl incr = jsuperd.ctl("incr", "web", "2");
        assertExit(0, incr);
        assertEquals("web: 4 processes\n", incr.out());
        await().atMost(Duration.ofSeconds(20)).until(() -> jsuperd.processesOf("web").size() == 4);
        jsuperd.awaitAll("web", "RUNNING");
        assertEquals("1,2,3,4\n", jsuperd.ctl("list", "web").out());

        assertEquals("web: 3 processes\n", jsuperd.ctl("decr", "web").out());
        await().atMost(Duration.ofSeconds(20)).until(() -> jsuperd.processesOf("web").size() == 3);
        assertEquals("web: 1 processes\n", jsuperd.ctl("numprocesses", "web", "1").out());
        await().atMost(Duration.ofSeconds(20)).until(() -> jsuperd.processesOf("web").size() == 1);

        Ctl bad = jsuperd.ctl("decr", "web", "5");
        assertExit(1, bad);
        assertEquals(1, bad.errLines().size(), bad.toString());
        assertTrue(bad.err().startsWith("jsuperctl: web cannot have -4 processes"), bad.toString());

        assertExit(0, jsuperd.ctl("update"));
        await().atMost(Duration.ofSeconds(20)).until(() -> jsuperd.processesOf("web").size() == 2);
        jsuperd.awaitAll("web", "RUNNING");
    }

    @Test
    void availAddRemove_applyOneWatchersPartOfTheFile() throws Exception {
        jsuperd = new DaemonHarness(tmp, sleeper("web", "") + sleeper("old", "")).start();
        jsuperd.awaitAll("old", "RUNNING");
        jsuperd.writeConfig(sleeper("web", "numprocesses = 2") + sleeper("old", "") + sleeper("fresh", "") + sleeper("other", ""));

        Ctl avail = jsuperd.ctl("avail");
        assertExit(0, avail);
        assertEquals(List.of("web     in use (changed in the file)", "old     in use", "fresh   avail", "other   avail"),
                avail.out().lines().toList(), avail.toString());

        Ctl add = jsuperd.ctl("add", "fresh");
        assertExit(0, add);
        assertEquals("fresh: added process group\n", add.out());
        jsuperd.awaitAll("fresh", "RUNNING");
        assertEquals(1, jsuperd.processesOf("web").size(), "web's change is not applied by add fresh");
        assertEquals(404, jsuperd.request("GET", "/services/other", null).status(), "nor is other added");

        Ctl again = jsuperd.ctl("add", "fresh");
        assertExit(1, again);
        assertEquals(List.of("jsuperctl: fresh is already in use (jsuperctl update applies a changed config)"), again.errLines());
        assertExit(4, jsuperd.ctl("add", "nope"));

        long oldPid = jsuperd.pidOf("old", 1);
        Ctl remove = jsuperd.ctl("remove", "old");
        assertExit(0, remove);
        assertEquals("old: removed process group\n", remove.out());
        await().atMost(Duration.ofSeconds(20)).until(() -> jsuperd.request("GET", "/services/old", null).status() == 404);
        assertTrue(ProcessHandle.of(oldPid).map(p -> !p.isAlive()).orElse(true), "old's process was stopped");
    }
}
