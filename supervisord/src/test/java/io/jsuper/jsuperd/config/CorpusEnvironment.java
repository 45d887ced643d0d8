package io.jsuper.jsuperd.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The variables a corpus file takes from its deployment's environment ({@code %(ENV_X)s},
 * {@code $(circus.env.x)}): supervisord and Circus refuse an unset one too, so the report sets a placeholder
 * for each one the test's environment lacks (a number for counts and ports, a directory for the rest) and
 * says which.
 */
final class CorpusEnvironment {

    private static final Pattern SUPERVISORD = Pattern.compile("%\\(ENV_([A-Za-z0-9_]+)\\)s");
    private static final Pattern CIRCUS = Pattern.compile("(?:\\$\\(|\\(\\()circus\\.env\\.([A-Za-z0-9_]+)\\)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern NUMERIC = Pattern.compile(".*(num|port|count|workers|procs).*", Pattern.CASE_INSENSITIVE);

    private CorpusEnvironment() {
    }

    /** Placeholders for the variables {@code file} names and {@code environment} does not set (any case). */
    static Map<String, String> placeholders(Path file, Map<String, String> environment) throws IOException {
        String text = Files.readString(file);
        Map<String, String> out = new TreeMap<>();
        for (Pattern p : new Pattern[] {SUPERVISORD, CIRCUS}) {
            Matcher m = p.matcher(text);
            while (m.find()) {
                String name = m.group(1);
                boolean set = environment.keySet().stream().anyMatch(k -> k.equalsIgnoreCase(name));
                if (!set) {
                    out.put(name, NUMERIC.matcher(name).matches() ? (name.toLowerCase(Locale.ROOT).contains("port")
                            ? "18080" : "2") : System.getProperty("java.io.tmpdir"));
                }
            }
        }
        return out;
    }
}
