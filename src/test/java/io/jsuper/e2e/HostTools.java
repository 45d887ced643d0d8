package io.jsuper.e2e;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Host programs the packaging tests use (systemd-analyze, man, lintian, dpkg…). Absent ones skip the test
 * with the Debian package to install; under CI ({@code JSUPER_CI=1}, set by .ci/run, which installs them)
 * an absent tool fails the test instead, so a broken CI image cannot turn the tests into silent skips.
 */
final class HostTools {

    /** A finished command: exit code and merged stdout+stderr. */
    record Result(int exit, String output) {
        Result ok(String what) {
            if (exit != 0) {
                throw new AssertionError(what + " exited " + exit + ":\n" + output);
            }
            return this;
        }
    }

    private HostTools() {
    }

    static boolean inCi() {
        return "1".equals(System.getenv("JSUPER_CI"));
    }

    /** Skips (or, under CI, fails) unless {@code command} is on PATH; {@code debianPackage} says what provides it. */
    static void require(String command, String debianPackage) {
        boolean present = which(command);
        if (!present && inCi()) {
            throw new AssertionError(command + " is missing under CI: .ci/run should have installed " + debianPackage);
        }
        Assumptions.assumeTrue(present, command + " not found: apt-get install " + debianPackage + " to run this test");
    }

    static void requireRoot(String why) {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "needs root " + why + " (running as " + System.getProperty("user.name") + ")");
    }

    static boolean which(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        // sbin is not on every user's PATH, but root's tools live there.
        return Files.isExecutable(Path.of("/usr/sbin", command)) || Files.isExecutable(Path.of("/sbin", command));
    }

    static Result run(List<String> command) throws IOException, InterruptedException {
        return run(command, Map.of(), null);
    }

    /** Runs {@code command} to completion (2 minutes at most, then it is killed and the test fails). */
    static Result run(List<String> command, Map<String, String> env, Path workDir) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        if (workDir != null) {
            pb.directory(workDir.toFile());
        }
        Path out = Files.createTempFile("jsuper-tool", ".out");
        try {
            pb.redirectOutput(out.toFile());
            Process p = pb.start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError(command + " did not finish within 120 s:\n" + Files.readString(out));
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
