package io.jsuper.jsuperd.config;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Loads every file of the shared compatibility corpus (real supervisord and Circus configs, read where
 * they are, never copied into the project) and writes a report: per file, accepted / accepted with
 * warnings (each listed) / rejected (each error listed). The report goes to
 * {@code target/compat-corpus-report.txt} and to the test output.
 */
class CompatCorpusReportTest {

    /** Variables the corpus files refer to, so that a missing variable is not what the report measures. */
    private static final Map<String, String> ENV = corpusEnvironment();

    @Test
    void everyCorpusFile_loadsOrFailsWithLocatedErrors() throws IOException {
        Optional<Path> corpus = CompatCorpus.find();
        Assumptions.assumeTrue(corpus.isPresent(), "compat corpus not found: no ../shared/compat-corpus above "
                + Path.of("").toAbsolutePath() + " (it lives outside the project; the report is skipped)");
        List<String> lines = new ArrayList<>();
        List<String> summaries = new ArrayList<>();
        int[] counts = new int[3];
        for (String dialect : List.of("supervisord", "circus")) {
            int[] own = new int[3];
            for (Path file : CompatCorpus.files(corpus.get().resolve(dialect))) {
                lines.add(report(file, own));
            }
            summaries.add(dialect + " " + own[0] + " / " + own[1] + " / " + own[2]);
            for (int i = 0; i < 3; i++) {
                counts[i] += own[i];
            }
        }
        String summary = String.format("%d accepted, %d accepted with warnings, %d rejected", counts[0], counts[1], counts[2]);
        lines.add(0, "compat corpus: " + summary + " (" + String.join(", ", summaries) + ")");
        Path out = Path.of("target", "compat-corpus-report.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, String.join("\n", lines) + "\n");
        System.out.println(String.join("\n", lines));
        assertTrue(counts[0] + counts[1] + counts[2] > 0, "the corpus folder holds no files");
    }

    private static String report(Path file, int[] counts) throws IOException {
        Path name = file.getFileName();
        Map<String, String> named = CorpusEnvironment.placeholders(file, ENV);
        Map<String, String> env = new HashMap<>(ENV);
        env.putAll(named);
        String supplied = named.isEmpty() ? "" : "\n    environment the file names, set by the test: " + named.keySet();
        try {
            ConfigLoader.Loaded loaded = ConfigLoader.loadWithWarnings(file, env, Accounts.UNCHECKED, Dialect.AUTO);
            List<ConfigError> warnings = loaded.warnings();
            counts[warnings.isEmpty() ? 0 : 1]++;
            String head = (warnings.isEmpty() ? "ACCEPTED " : "WARNINGS ") + file.getParent().getFileName() + "/" + name
                    + " (" + loaded.config().watchers().size() + " watchers)" + supplied;
            return head + warnings.stream().map(w -> "\n    warning: " + w.format(file.getParent()))
                    .collect(Collectors.joining());
        } catch (ConfigException e) {
            counts[2]++;
            e.errors().forEach(err -> assertNotNull(err.file(), "an error without a file: " + err));
            return "REJECTED " + file.getParent().getFileName() + "/" + name + supplied + e.errors().stream()
                    .map(err -> "\n    error: " + err.format(file.getParent())).collect(Collectors.joining());
        }
    }

    private static Map<String, String> corpusEnvironment() {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.putIfAbsent("HOME", "/home/app");
        env.putIfAbsent("PORT", "8080");
        return env;
    }

    /** Finds the shared corpus by walking up from the working directory. */
    static final class CompatCorpus {
        private CompatCorpus() {
        }

        static Optional<Path> find() {
            for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
                Path candidate = dir.resolve("shared").resolve("compat-corpus");
                if (Files.isDirectory(candidate)) {
                    return Optional.of(candidate);
                }
                Path sibling = dir.resolveSibling("shared").resolve("compat-corpus");
                if (dir.getParent() != null && Files.isDirectory(sibling)) {
                    return Optional.of(sibling);
                }
            }
            return Optional.empty();
        }

        static List<Path> files(Path dir) throws IOException {
            if (!Files.isDirectory(dir)) {
                return List.of();
            }
            try (Stream<Path> list = Files.list(dir)) {
                return list.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
            }
        }
    }
}
