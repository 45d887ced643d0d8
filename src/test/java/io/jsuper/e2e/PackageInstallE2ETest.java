package io.jsuper.e2e;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The .deb installed for real, as root: dpkg -i, the daemon started in the foreground on the packaged config
 * (there is no systemd as PID 1 here), driven with /usr/bin/jsuperctl and `service NAME status`, man pages and
 * completion where man and bash look, then dpkg --purge and nothing left behind. Whatever happens, the package
 * is purged and the daemon and its children are killed by pid.
 *
 * The host's dpkg database is shared: runs are serialized with a lock file, a package installed by a previous
 * (failed) run is recognized by a marker and purged, and a jsuper installed by anyone else is left alone (skip).
 */
class PackageInstallE2ETest {
    private static final Path LOCK = Path.of("/run/lock/jsuper-e2e-package.lock");
    /** Present while this test has the package installed: lets the next run purge what a killed run left. */
    private static final Path MARKER = Path.of("/run/jsuper-e2e-package-installed");
    private static final String WATCHER = "jspkgtest";
    private static final Path WATCHER_INI = Path.of("/etc/jsuper/conf.d/" + WATCHER + ".ini");
    private static final Path INIT_LINK = Path.of("/etc/init.d/" + WATCHER);

    private Process daemon;

    @Test
    void installRunPurge() throws Exception {
        HostTools.requireRoot("to install the .deb with dpkg");
        HostTools.require("dpkg", "dpkg");
        HostTools.require("systemd-analyze", "systemd");
        HostTools.require("man", "man-db");
        HostTools.require("service", "init-system-helpers");
        org.junit.jupiter.api.Assumptions.assumeFalse(Files.isDirectory(Path.of("/run/systemd/system")),
                "systemd runs this host: dpkg -i would start jsuperd.service for real; this test is for hosts without"
                        + " systemd as PID 1 (containers, CI)");
        HostTools.require("lintian", "lintian");
        Path deb = builtDeb();
        // No errors; the warnings and infos are explained in docs/packaging.md.
        HostTools.Result lintian = HostTools.run(List.of("lintian", "--allow-root", deb.toString()));
        assertTrue(lintian.output().lines().noneMatch(l -> l.startsWith("E:")), lintian.output());
        Files.createDirectories(LOCK.getParent());
        try (FileChannel lockFile = FileChannel.open(LOCK, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = lockFile.lock()) {
            purgeWhatAnEarlierRunLeft();
            org.junit.jupiter.api.Assumptions.assumeFalse(installed(),
                    "a jsuper package not installed by this test is on this machine: leaving it alone");
            try {
                Files.writeString(MARKER, deb.toString());
                installAndCheck(deb);
            } finally {
                cleanUp();
            }
            assertNothingLeft();
        }
    }

    private void installAndCheck(Path deb) throws Exception {
        List<String> shipped = new ArrayList<>();
        // Minimal container images exclude man pages and docs from every package (path-exclude in
        // /etc/dpkg/dpkg.cfg.d/): include ours again, the command line comes after those files.
        dpkg("--path-include=/usr/share/man/*", "--path-include=/usr/share/doc/jsuper/*", "-i", deb.toString())
                .ok("dpkg -i " + deb);
        shipped.addAll(HostTools.run(List.of("dpkg", "-L", "jsuper")).ok("dpkg -L").output().lines().toList());
        assertFalse(daemonOfThePackageRuns(), "no systemd here: postinst must not start jsuperd");
        // Generated files belong under /var (Debian policy 9.1, FHS): the AppCDS archives postinst wrote.
        assertTrue(Files.isRegularFile(Path.of("/var/cache/jsuper/jsuperctl.jsa")), "postinst writes jsuperctl.jsa to /var/cache/jsuper");
        try (Stream<Path> files = Files.walk(Path.of("/usr/share/jsuper"))) {
            assertEquals(List.of(), files.filter(p -> p.toString().endsWith(".jsa")).toList(), "nothing generated under /usr");
        }

        HostTools.Result verify = HostTools.run(List.of("systemd-analyze", "verify", "/lib/systemd/system/jsuperd.service"));
        assertEquals(0, verify.exit(), verify.output());
        assertEquals("", verify.output().strip(), "systemd-analyze verify (man pages included) says nothing");

        checkManPages();
        checkLogrotate();

        Files.writeString(WATCHER_INI, "[watcher:" + WATCHER + "]\ncmd = sleep\nargs = 1000\nuid = nobody\nstartsecs = 0\n");
        // The init-style wrapper, installed once per watcher as the docs say.
        Files.createSymbolicLink(INIT_LINK, Path.of("/usr/share/jsuper/share/init.d/jsuper-service"));
        // What the unit's RuntimeDirectory=jsuper does under systemd.
        Files.createDirectories(Path.of("/run/jsuper"));
        daemon = new ProcessBuilder("/usr/bin/jsuperd", "-c", "/etc/jsuper/jsuperd.ini")
                .redirectErrorStream(true).redirectOutput(Files.createTempFile("jsuperd-pkg", ".log").toFile()).start();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            assertTrue(daemon.isAlive(), "jsuperd exited with " + (daemon.isAlive() ? "" : daemon.exitValue()));
            return HostTools.run(List.of("/usr/bin/jsuperctl", "status", WATCHER)).output().contains("RUNNING");
        });

        HostTools.Result status = HostTools.run(List.of("service", WATCHER, "status"));
        assertEquals(0, status.exit(), status.output());
        assertTrue(status.output().startsWith(WATCHER + ":1 "), status.output());
        assertEquals(0, HostTools.run(List.of("service", WATCHER, "stop")).exit());
        assertEquals(3, HostTools.run(List.of("service", WATCHER, "status")).exit(), "LSB: 3 = not running");
        assertEquals(0, HostTools.run(List.of("service", WATCHER, "start")).exit());

        checkBashCompletion();

        HostTools.run(List.of("/usr/bin/jsuperctl", "shutdown")).ok("jsuperctl shutdown");
        assertTrue(daemon.waitFor(60, TimeUnit.SECONDS), "jsuperd exits after shutdown");
        assertEquals(0, daemon.exitValue());

        Files.delete(WATCHER_INI);
        Files.delete(INIT_LINK);
        dpkg("--purge", "jsuper").ok("dpkg --purge");
        for (String path : shipped) {
            assertFalse(Files.exists(Path.of(path), java.nio.file.LinkOption.NOFOLLOW_LINKS) && !isSharedDirectory(path),
                    path + " is left after purge");
        }
    }

    /** The shipped packaging/logrotate/jsuper is what lands in /etc/logrotate.d, and logrotate accepts it. */
    private void checkLogrotate() throws Exception {
        Path installed = Path.of("/etc/logrotate.d/jsuper");
        assertEquals(Files.readString(DaemonHarness.dist().resolve("share/logrotate/jsuper")), Files.readString(installed),
                "the tarball's share/logrotate/jsuper and the package's /etc/logrotate.d/jsuper are one file");
        Path logrotate = Path.of("/usr/sbin/logrotate");
        if (Files.isExecutable(logrotate)) { // Debian's logrotate (only Suggested by the package)
            HostTools.Result debug = HostTools.run(List.of(logrotate.toString(), "-d", installed.toString()));
            assertEquals(0, debug.exit(), debug.output());
            assertTrue(debug.output().contains("/var/log/jsuper/jsuperd.log"), debug.output());
        }
    }

    private void checkManPages() throws Exception {
        for (String[] page : List.of(new String[]{"8", "jsuperd"}, new String[]{"1", "jsuperctl"}, new String[]{"5", "jsuperd.ini"})) {
            HostTools.Result where = HostTools.run(List.of("man", "-w", page[0], page[1])).ok("man -w " + page[1]);
            assertEquals("/usr/share/man/man" + page[0] + "/" + page[1] + "." + page[0] + ".gz", where.output().strip());
            // As lintian checks them: every groff warning is printed to stderr.
            HostTools.Result render = HostTools.run(List.of("sh", "-c", "man --warnings -E UTF-8 -l -Tutf8 -Z "
                    + where.output().strip() + " 2>&1 >/dev/null"), Map.of("LC_ALL", "C.UTF-8", "MANWIDTH", "80"), null);
            assertEquals("", render.output(), "man " + page[1] + " renders without warnings");
        }
    }

    /** Completes like bash-completion would after loading /usr/share/bash-completion/completions/jsuperctl. */
    private void checkBashCompletion() throws Exception {
        Path script = Path.of("/usr/share/bash-completion/completions/jsuperctl");
        assertTrue(Files.isRegularFile(script), script + " where bash-completion loads it");
        Path zsh = Path.of("/usr/share/zsh/vendor-completions/_jsuperctl");
        assertTrue(Files.isRegularFile(zsh), zsh + " where Debian's zsh looks");
        // Debian's zsh finds it on its default fpath, and the watcher's name comes from the running daemon.
        Path zshDir = Files.createTempDirectory("jsuper-pkg-zsh");
        try (ZshTerminal terminal = new ZshTerminal(zshDir, null, null)) {
            String line = terminal.complete("jsuperctl restart " + WATCHER.substring(0, 4), "jsuperctl restart " + WATCHER);
            assertFalse(line.contains("not found"), line);
        } finally {
            HostTools.run(List.of("rm", "-rf", zshDir.toString()));
        }
        String complete = "source " + script + "; COMP_WORDS=(%s); COMP_CWORD=%d; COMP_LINE=\"${COMP_WORDS[*]}\";"
                + " COMP_POINT=${#COMP_LINE}; _complete_jsuperctl; printf '%%s\\n' \"${COMPREPLY[@]}\"";
        String commands = HostTools.run(List.of("bash", "-c", complete.formatted("jsuperctl st", 1))).ok("completion").output();
        assertTrue(commands.lines().toList().containsAll(List.of("status", "start", "stop")), commands);
        String names = HostTools.run(List.of("bash", "-c", complete.formatted("jsuperctl restart ''", 2))).ok("completion").output();
        assertTrue(names.lines().toList().containsAll(List.of(WATCHER, "all")), "watcher names from the daemon: " + names);
    }

    private static Path builtDeb() throws IOException, InterruptedException {
        Path target = DaemonHarness.dist().getParent();
        String arch = HostTools.run(List.of("dpkg", "--print-architecture")).output().strip();
        Path deb;
        try (Stream<Path> files = Files.list(target)) {
            deb = files.filter(p -> p.getFileName().toString().matches("jsuper_.*\\.deb")).findFirst()
                    .orElseThrow(() -> new AssertionError("no jsuper_*.deb in " + target));
        }
        assertTrue(deb.getFileName().toString().endsWith("_" + arch + ".deb"), deb + " is for " + arch);
        assertEquals(arch, HostTools.run(List.of("dpkg-deb", "-f", deb.toString(), "Architecture")).output().strip());
        return deb;
    }

    /** dpkg waits for nobody: retry while another apt/dpkg run holds its lock. */
    private static HostTools.Result dpkg(String... args) {
        List<String> cmd = new ArrayList<>(List.of("dpkg", "--force-confnew"));
        cmd.addAll(List.of(args));
        HostTools.Result[] last = new HostTools.Result[1];
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(2)).until(() -> {
            last[0] = HostTools.run(cmd, Map.of("DEBIAN_FRONTEND", "noninteractive"), null);
            return last[0].exit() == 0 || !last[0].output().contains("lock");
        });
        return last[0];
    }

    private static boolean installed() throws Exception {
        HostTools.Result r = HostTools.run(List.of("dpkg-query", "-W", "-f=${db:Status-Status}", "jsuper"));
        return r.exit() == 0 && !r.output().strip().equals("not-installed") && !r.output().isBlank();
    }

    private static void purgeWhatAnEarlierRunLeft() throws Exception {
        if (Files.exists(MARKER) && installed()) {
            Files.deleteIfExists(WATCHER_INI);
            Files.deleteIfExists(INIT_LINK);
            dpkg("--purge", "jsuper").ok("purging the package an earlier run left installed");
        }
        Files.deleteIfExists(MARKER);
    }

    /** A jsuperd on the packaged config: the only jsuperd that reads /etc/jsuper/jsuperd.ini on this machine. */
    private static boolean daemonOfThePackageRuns() throws IOException {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().matches("\\d+")).anyMatch(p -> {
                try {
                    String cmdline = Files.readString(p.resolve("cmdline")).replace('\0', ' ');
                    return cmdline.contains("io.jsuper.jsuperd.Jsuperd") && cmdline.contains("/etc/jsuper/jsuperd.ini");
                } catch (IOException | RuntimeException e) {
                    return false; // exited meanwhile
                }
            });
        }
    }

    /** Directories other packages own too (dpkg -L lists them); they stay. */
    private static boolean isSharedDirectory(String path) {
        return Files.isDirectory(Path.of(path)) && !path.contains("jsuper");
    }

    private void cleanUp() throws Exception {
        if (daemon != null && daemon.isAlive()) {
            List<Long> children = Processes.descendantsOf(daemon.pid());
            Processes.kill(daemon.pid(), "KILL");
            for (long pid : children) {
                Processes.killGroup(pid, "KILL");
                Processes.kill(pid, "KILL");
            }
            daemon.waitFor(30, TimeUnit.SECONDS);
        }
        Files.deleteIfExists(WATCHER_INI);
        Files.deleteIfExists(INIT_LINK);
        if (installed()) {
            dpkg("--purge", "jsuper");
        }
        Files.deleteIfExists(MARKER);
    }

    private static void assertNothingLeft() throws Exception {
        assertFalse(installed(), "jsuper still known to dpkg");
        for (String path : List.of("/etc/jsuper", "/usr/share/jsuper", "/var/cache/jsuper", "/usr/lib/jsuper", "/var/log/jsuper", "/run/jsuper",
                "/usr/share/doc/jsuper", "/etc/logrotate.d/jsuper", "/usr/bin/jsuperd", "/usr/bin/jsuperctl",
                "/etc/systemd/system/multi-user.target.wants/jsuperd.service",
                "/var/lib/systemd/deb-systemd-helper-enabled/jsuperd.service")) {
            assertFalse(Files.exists(Path.of(path), java.nio.file.LinkOption.NOFOLLOW_LINKS), path + " left after purge");
        }
    }
}
