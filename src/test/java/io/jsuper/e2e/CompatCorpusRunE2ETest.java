package io.jsuper.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Runs the built jsuperd on every file of the shared compatibility corpus ({@code ../shared/compat-corpus},
 * read in place, never copied into the project) after the rewrites a test must do ({@link CorpusRewrite}):
 * starts every program (also the autostart = false ones) and checks that every process reaches RUNNING.
 * Four daemons at a time, each bounded; the result per file goes to {@code target/compat-corpus-run.txt}.
 */
class CompatCorpusRunE2ETest {

    private static final int PARALLEL = 4;

    @TempDir
    Path tmp;

    @Test
    void everyAcceptedCorpusFile_runsWithEveryProcessRunning() throws Exception {
        Path corpus = corpus();
        Assumptions.assumeTrue(Files.isDirectory(corpus), "compat corpus not found at " + corpus
                + " (it lives outside the project, next to it); the run report is skipped");
        List<Path> files = new ArrayList<>();
        for (String dialect : List.of("supervisord", "circus")) {
            try (Stream<Path> s = Files.list(corpus.resolve(dialect))) {
                s.filter(Files::isRegularFile).sorted().forEach(files::add);
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
        List<Future<String>> results = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            Path dir = Files.createDirectories(tmp.resolve("f" + i));
            results.add(pool.submit(() -> run(file, dir)));
        }
        List<String> lines = new ArrayList<>();
        for (Future<String> r : results) {
            lines.add(r.get(5, TimeUnit.MINUTES));
        }
        pool.shutdown();
        long running = lines.stream().filter(l -> l.startsWith("RUNNING")).count();
        long refused = lines.stream().filter(l -> l.startsWith("REFUSED")).count();
        String summary = "compat corpus run: " + files.size() + " files, " + running + " with every process RUNNING, "
                + refused + " refused at start, " + (files.size() - running - refused) + " with a process not RUNNING";
        lines.add(0, summary);
        Path out = Path.of("target", "compat-corpus-run.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, String.join("\n", lines) + "\n");
        System.out.println(String.join("\n", lines));
        List<String> notRunning = lines.stream().filter(l -> l.startsWith("NOT RUNNING")).collect(Collectors.toList());
        assertEquals(List.of(), notRunning, "a file jsuperd accepts must run; see " + out.toAbsolutePath());
    }

    private static String run(Path original, Path dir) throws IOException {
        String name = original.getParent().getFileName() + "/" + original.getFileName();
        CorpusRewrite rewrite = new CorpusRewrite(dir.resolve("root"), dir.resolve("jsuperd.sock"));
        try (DaemonHarness jsuperd = new DaemonHarness(dir, "")) {
            Files.writeString(jsuperd.config, rewrite.rewrite(original));
            jsuperd.environment.putAll(rewrite.environment);
            String rewrites = "\n    rewrites: " + rewrite.rewrites.stream().distinct().collect(Collectors.joining("; "))
                    + (rewrite.environment.isEmpty() ? "" : "\n    environment set: " + rewrite.environment.keySet());
            try {
                jsuperd.start();
            } catch (AssertionError | RuntimeException e) {
                if (jsuperd.process() == null || !jsuperd.process().isAlive()) {
                    return "REFUSED " + name + rewrites + "\n    " + refusal(jsuperd.daemonLogText());
                }
                // alive but slow to answer on a loaded machine: give it the time a start may take, then go on
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                        .until(() -> Files.exists(jsuperd.socket) && jsuperd.post("/services/all/start").status() < 500);
            }
            jsuperd.post("/services/all/start");
            try {
                await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200)).until(() ->
                        jsuperd.services().stream().allMatch(p -> p.get("state").asText().equals("RUNNING")));
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                return "NOT RUNNING " + name + rewrites + "\n    " + jsuperd.services().stream()
                        .filter(p -> !p.get("state").asText().equals("RUNNING"))
                        .map(p -> p.get("name").asText() + " " + p.get("state").asText() + " " + p.get("reason"))
                        .collect(Collectors.joining(", "));
            }
            List<JsonNode> processes = jsuperd.services();
            return "RUNNING " + name + " (" + processes.size() + " processes)" + rewrites;
        } catch (Exception e) {
            return "NOT RUNNING " + name + ": " + e;
        }
    }

    /** {@code ../shared/compat-corpus} from the project root, which is the working directory or its parent (module e2e). */
    private static Path corpus() {
        Path here = Path.of("").toAbsolutePath();
        for (Path root : List.of(here, here.getParent())) {
            Path candidate = root.resolveSibling("shared").resolve("compat-corpus");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return here.resolveSibling("shared").resolve("compat-corpus");
    }

    /** jsuperd's own words on why it did not start (its errors), without the warnings before them. */
    private static String refusal(String log) {
        return log.lines().filter(l -> !l.isBlank() && !l.contains(" WARN ") && !l.contains(" INFO ")
                && !l.contains(" DEBUG ")).limit(8).collect(Collectors.joining("\n    "));
    }
}
