package io.jsuper.jsuperd.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads a watcher's {@code env_file}: {@code KEY=VALUE} lines, {@code #} comment lines, blank lines,
 * an optional {@code export } prefix and optional matching single or double quotes around the value.
 * Values are literal: no escapes, no interpolation. Every bad line is reported with the env file's
 * name and line, so the operator sees all of them with the other config errors.
 */
final class EnvFileReader {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*");
    private static final String ALLOWED_LINE = "KEY=VALUE, export KEY=VALUE, a # comment or a blank line";

    private EnvFileReader() {
    }

    /** The variables of {@code file} in file order (a later line wins), or empty after reporting errors. */
    static Map<String, String> read(Path file, ErrorList errors) {
        Map<String, String> env = new LinkedHashMap<>();
        List<String> lines;
        try {
            lines = List.of(new String(ConfigLimits.read(file, errors), StandardCharsets.UTF_8)
                    .replace("\r\n", "\n").split("\n", -1));
        } catch (ConfigLimits.TooLarge e) {
            errors.inFile(file, 0, "env_file: " + e.getMessage(), "a smaller env_file");
            return env;
        } catch (IOException e) {
            // The caller reports a missing file against the env_file option; this is a read failure.
            errors.inFile(file, 0, "cannot read env_file: " + e, "a readable file");
            return env;
        }
        errors.fileRead(file);
        for (int i = 0; i < lines.size(); i++) {
            parseLine(lines.get(i), i + 1, file, errors, env);
        }
        return env;
    }

    private static void parseLine(String raw, int lineNo, Path file, ErrorList errors, Map<String, String> env) {
        String line = lineNo == 1 && raw.startsWith("\uFEFF") ? raw.substring(1) : raw;
        String text = line.strip();
        if (text.isEmpty() || text.startsWith("#")) {
            return;
        }
        if (text.length() > ConfigLimits.MAX_VALUE_CHARS || text.indexOf('\0') >= 0) {
            errors.inFile(file, lineNo, text.indexOf('\0') >= 0 ? "the line contains a NUL byte (is this a binary file?)"
                    : "the line is " + text.length() + " characters long",
                    "text lines of at most " + ConfigLimits.MAX_VALUE_CHARS + " characters");
            return;
        }
        if (text.startsWith("export ") || text.startsWith("export\t")) {
            text = text.substring("export".length()).strip();
        }
        int eq = text.indexOf('=');
        if (eq < 0) {
            errors.inFile(file, lineNo, Converters.quote(text) + " has no '='", ALLOWED_LINE);
            return;
        }
        String name = text.substring(0, eq).strip();
        if (!NAME.matcher(name).matches()) {
            errors.inFile(file, lineNo, Converters.quote(name) + " is not an environment variable name",
                    "letters, digits, '_' and '.', not starting with a digit");
            return;
        }
        String value = text.substring(eq + 1).strip();
        if (!value.isEmpty() && (value.charAt(0) == '"' || value.charAt(0) == '\'')) {
            char quote = value.charAt(0);
            if (value.length() < 2 || value.charAt(value.length() - 1) != quote) {
                errors.inFile(file, lineNo, "the value of " + name + " opens a " + quote + " quote that is not closed"
                        + " at the end of the line", "a value in matching quotes on one line, e.g. " + name + "=\"a b\"");
                return;
            }
            value = value.substring(1, value.length() - 1);
        }
        env.put(name, value);
    }
}
