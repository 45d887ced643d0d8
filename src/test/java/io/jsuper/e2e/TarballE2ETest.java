package io.jsuper.e2e;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tarball as a user gets it: unpacked in a directory of their home, run from there as that (non-root)
 * user with a config in ~/.config/jsuper. As root, a throwaway user is created for it and removed after;
 * otherwise the test runs as the current user.
 */
class TarballE2ETest {
    private final List<String> createdUsers = new ArrayList<>();
    private Path dir;
    private Process daemon;

    @Test
    void unpacksAnywhere_andRunsAsAPlainUser_fromItsHome() throws Exception {
        Path tarball = tarball();
        dir = Files.createTempDirectory(Path.of("/tmp"), "jsuper-tarball");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path home = dir.resolve("home");
        Files.createDirectories(home);
        List<String> asUser = asNonRootUser(home);

        Path copy = home.resolve(tarball.getFileName());
        Files.copy(tarball, copy);
        Path config = home.resolve(".config/jsuper/jsuperd.ini");
        Files.createDirectories(config.getParent());
        // No socket or logdir: the defaults are next to the config file, so nothing outside the home is needed.
        Files.writeString(config, "[jsuperd]\nloglevel = info\n\n[watcher:hello]\ncmd = /bin/sh\n"
                + "args = -c \"echo hello-from-the-tarball; exec sleep 1000\"\nstartsecs = 0\n");
        chownToUser(home);

        Path unpacked = home.resolve("apps");
        run(asUser, List.of("sh", "-c", "mkdir -p " + unpacked + " && tar -C " + unpacked + " -xzf " + copy), home).ok("tar");
        Path bin = unpacked.resolve("jsuper/bin");
        List<String> start = new ArrayList<>(asUser);
        start.addAll(List.of(bin.resolve("jsuperd").toString(), "-c", config.toString()));
        ProcessBuilder pb = new ProcessBuilder(start).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("daemon.log").toFile());
        pb.environment().put("HOME", home.toString());
        daemon = pb.start();

        List<String> ctl = new ArrayList<>(asUser);
        ctl.addAll(List.of(bin.resolve("jsuperctl").toString(), "-c", config.toString()));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            assertTrue(daemon.isAlive(), () -> "jsuperd exited: " + read(dir.resolve("daemon.log")));
            return run(ctl, List.of("status", "hello"), home).output().contains("RUNNING");
        });
        long childPid = Long.parseLong(run(ctl, List.of("pid", "hello"), home).ok("pid").output().strip());
        assertEquals(Files.getAttribute(home, "unix:uid").toString(), Processes.status(childPid, "Uid").split("\\s+")[0],
                "the child runs as the user who unpacked the tarball");
        Path output = config.getParent().resolve("logs/hello-1.stdout.log");
        await().atMost(Duration.ofSeconds(20)).until(() -> read(output).contains("hello-from-the-tarball"));

        run(ctl, List.of("shutdown"), home).ok("shutdown");
        assertTrue(daemon.waitFor(60, TimeUnit.SECONDS), "jsuperd exits");
        assertEquals(0, daemon.exitValue(), read(dir.resolve("daemon.log")));
    }

    private static Path tarball() throws IOException {
        Path target = DaemonHarness.dist().getParent();
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(p -> p.getFileName().toString().matches("jsuper-.*\\.tar\\.gz")).findFirst()
                    .orElseThrow(() -> new AssertionError("no jsuper-*.tar.gz in " + target));
        }
    }

    /** The command prefix that runs as the test's non-root user: a new throwaway user when we are root. */
    private List<String> asNonRootUser(Path home) throws Exception {
        if (!"root".equals(System.getProperty("user.name"))) {
            return List.of();
        }
        HostTools.require("setpriv", "util-linux");
        String user = "jstar" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xFFFFFF));
        HostTools.run(List.of("useradd", "--system", "--no-create-home", "-d", home.toString(), "-s", "/bin/sh", "-U", user))
                .ok("useradd");
        createdUsers.add(user);
        return List.of("setpriv", "--reuid=" + user, "--regid=" + user, "--init-groups", "--reset-env");
    }

    private void chownToUser(Path home) throws Exception {
        if (!createdUsers.isEmpty()) {
            String user = createdUsers.get(0);
            HostTools.run(List.of("chown", "-R", user + ":" + user, home.toString())).ok("chown");
        }
    }

    private static HostTools.Result run(List<String> prefix, List<String> command, Path home) throws Exception {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(command);
        return HostTools.run(cmd, Map.of("HOME", home.toString()), home);
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (daemon != null && daemon.isAlive()) {
            List<Long> children = Processes.descendantsOf(daemon.pid());
            Processes.kill(daemon.pid(), "KILL");
            for (long pid : children) {
                Processes.killGroup(pid, "KILL");
                Processes.kill(pid, "KILL");
            }
            daemon.waitFor(30, TimeUnit.SECONDS);
        }
        for (String user : createdUsers) {
            HostTools.run(List.of("userdel", user));
            HostTools.run(List.of("groupdel", user));
        }
        if (dir != null) {
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
