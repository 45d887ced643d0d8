package io.jsuper.e2e;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@code jsuperctl tail -f} (or any long-running jsuperctl) whose stdout lines are collected as they come. */
final class TailFollower {
    final Process process;
    final List<String> lines = new CopyOnWriteArrayList<>();
    private final Path errFile;

    TailFollower(DaemonHarness jsuperd, Path tmp, List<String> args) throws Exception {
        List<String> cmd = DaemonHarness.ctlForCtrlC(args);
        errFile = Files.createTempFile(tmp, "follower", ".err");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(errFile.toFile());
        pb.environment().remove("JSUPER_SOCKET");
        pb.environment().remove("JSUPER_TOKEN");
        process = pb.start();
        jsuperd.remember(process.pid());
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    lines.add(line);
                }
            } catch (Exception e) {
                lines.add("reader failed: " + e);
            }
        });
        t.setDaemon(true);
        t.start();
    }

    String err() throws Exception {
        return Files.readString(errFile);
    }
}
