package io.jsuper.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shipped systemd unit passes {@code systemd-analyze verify} and keeps the settings the docs promise. */
class SystemdUnitE2ETest {
    private static final Path UNIT = DaemonHarness.dist().resolve("share/systemd/jsuperd.service");

    @Test
    void unitVerifies(@TempDir Path dir) throws Exception {
        HostTools.require("systemd-analyze", "systemd");
        // verify checks that ExecStart exists: point it at the built launcher (the package installs /usr/bin/jsuperd,
        // and PackageInstallE2ETest verifies the installed unit as is). Man pages are checked there too.
        Path copy = dir.resolve("jsuperd.service");
        Files.writeString(copy, Files.readString(UNIT).replace("/usr/bin/jsuperd", DaemonHarness.dist().resolve("bin/jsuperd").toString()));
        HostTools.Result r = HostTools.run(List.of("systemd-analyze", "verify", "--man=no", copy.toString()));
        assertEquals(0, r.exit(), r.output());
        assertEquals("", r.output().strip(), "no warnings");
    }

    @Test
    void unitHasTheSettingsTheDocsExplain() throws Exception {
        String unit = Files.readString(UNIT);
        for (String line : List.of("Type=notify", "ExecReload=/bin/kill -HUP $MAINPID", "KillMode=mixed", "TimeoutStopSec=90",
                "Delegate=yes", "RuntimeDirectory=jsuper", "LogsDirectory=jsuper", "WatchdogSec=")) {
            assertTrue(unit.lines().anyMatch(l -> l.startsWith(line)), "missing " + line);
        }
        // User switching needs setuid/setgid in jsuperd and may need setuid programs in children.
        for (String breaksUserSwitching : List.of("NoNewPrivileges=yes", "CapabilityBoundingSet=", "User=", "DynamicUser=")) {
            assertTrue(unit.lines().noneMatch(l -> l.startsWith(breaksUserSwitching)), breaksUserSwitching);
        }
    }
}
