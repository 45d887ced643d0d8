package io.jsuper.jsuperd.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one INI file into raw sections, keeping the file and line of every key.
 *
 * <p>Written by hand rather than on ini4j: ini4j gives no line numbers, turns on backslash escapes,
 * rejects configparser-style indented continuation lines, keeps inline comments in values and lets a
 * duplicate key silently win. Working around all of that took more code than this reader. Rules,
 * like Python's configparser: {@code ;} and {@code #} start full-line comments, and inline comments
 * when preceded by whitespace; indented lines continue the previous value (joined with a newline);
 * {@code key = value} and {@code key: value}; no escapes; names are case-sensitive.
 */
final class IniReader {

    private final Path file;
    private final ErrorList errors;
    private final List<RawSection> sections = new ArrayList<>();

    private String sectionName;
    private int sectionLine;
    private Map<String, RawEntry> entries;
    private final Map<String, Integer> sectionLines = new LinkedHashMap<>();

    private String key;
    private int keyLine;
    private StringBuilder value;
    private int pendingBlankLines;
    private boolean skippingSection;
    private boolean skipEntry; // inside an over-long value: its continuation lines are dropped silently

    private IniReader(Path file, ErrorList errors) {
        this.file = file;
        this.errors = errors;
    }

    /** Reads {@code file}; problems go to {@code errors} and the readable rest is still returned. */
    static List<RawSection> read(Path file, ErrorList errors) {
        errors.fileRead(file);
        String text;
        try {
            byte[] bytes = ConfigLimits.read(file, errors);
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (ConfigLimits.TooLarge e) {
            errors.inFile(file, 0, e.getMessage(), "a smaller file: split it with include");
            return List.of();
        } catch (CharacterCodingException e) {
            errors.inFile(file, 0, "the file is not valid UTF-8", "a UTF-8 text file");
            return List.of();
        } catch (IOException e) {
            errors.inFile(file, 0, "cannot read the file: " + describe(e), "a readable file");
            return List.of();
        }
        return parse(file, text, errors);
    }

    /** Parses {@code text} as if it were the content of {@code file}. */
    static List<RawSection> parse(Path file, String text, ErrorList errors) {
        IniReader reader = new IniReader(file, errors);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        String[] lines = text.split("\r?\n|\r", -1);
        for (int i = 0; i < lines.length; i++) {
            reader.line(lines[i], i + 1);
        }
        reader.closeSection();
        return reader.sections;
    }

    private void line(String raw, int number) {
        if (raw.length() > ConfigLimits.MAX_VALUE_CHARS) {
            closeEntry();
            skipEntry = true;
            errors.inFile(file, number, "the line is " + raw.length() + " characters long",
                    "at most " + ConfigLimits.MAX_VALUE_CHARS + " characters per line and per value");
            return;
        }
        String stripped = raw.strip();
        if (stripped.isEmpty()) {
            if (value != null) {
                pendingBlankLines++;
            }
            return;
        }
        if (stripped.startsWith(";") || stripped.startsWith("#")) {
            return;
        }
        String content = stripInlineComment(stripped);
        boolean indented = Character.isWhitespace(raw.charAt(0));
        if (indented && (value != null || skipEntry)) {
            continueValue(content, number);
            return;
        }
        skipEntry = false;
        closeEntry();
        if (indented && entries != null && !content.startsWith("[")) {
            errors.inFile(file, number, "indented line \"" + content + "\" continues no option",
                    "a continuation line right below a \"key = value\" line, or no indentation");
        } else if (content.startsWith("[")) {
            section(content, number);
        } else {
            entry(content, number);
        }
    }

    private void continueValue(String content, int number) {
        if (skipEntry) {
            return; // the rest of a value already reported
        }
        if (value.length() + pendingBlankLines + 1 + content.length() > ConfigLimits.MAX_VALUE_CHARS) {
            errors.add(new ConfigError(file, keyLine, sectionName, key, "the value grows past "
                    + ConfigLimits.MAX_VALUE_CHARS + " characters at line " + number,
                    "at most " + ConfigLimits.MAX_VALUE_CHARS + " characters per value (the kernel's limit for one argument)"));
            value = null;
            key = null;
            skipEntry = true;
            return;
        }
        value.append("\n".repeat(pendingBlankLines + 1)).append(content);
        pendingBlankLines = 0;
    }

    private void section(String content, int number) {
        closeSection();
        skippingSection = true;
        if (!content.endsWith("]") || content.length() < 3 || content.substring(1, content.length() - 1).isBlank()) {
            errors.inFile(file, number, "malformed section header " + quote(content), "[name]");
            return;
        }
        String name = content.substring(1, content.length() - 1).strip();
        Integer earlier = sectionLines.putIfAbsent(name, number);
        if (earlier != null) {
            errors.inFile(file, number, "section [" + name + "] appears twice in this file (first at line "
                    + earlier + ")", "each section once; merge the two");
            return;
        }
        skippingSection = false;
        sectionName = name;
        sectionLine = number;
        entries = new LinkedHashMap<>();
    }

    private void entry(String content, int number) {
        int sep = separatorIndex(content);
        if (sep < 0) {
            errors.inFile(file, number, "line " + quote(content) + " is neither a section header, an option nor a comment",
                    "[section], key = value, key: value, ; comment or # comment");
            return;
        }
        String k = content.substring(0, sep).strip();
        if (k.isEmpty()) {
            errors.inFile(file, number, "option with no name in " + quote(content), "key = value");
            return;
        }
        if (entries == null) {
            if (!skippingSection) {
                errors.inFile(file, number, "option \"" + k + "\" before any section header", "a [section] line first");
            }
            return; // inside a broken or duplicate section: already reported
        }
        RawEntry earlier = entries.get(k);
        if (earlier != null) {
            errors.add(new ConfigError(file, number, sectionName, k,
                    "set twice, at line " + earlier.line() + " and line " + number, "each option once per section"));
            return;
        }
        key = k;
        keyLine = number;
        value = new StringBuilder(content.substring(sep + 1).strip());
        pendingBlankLines = 0;
    }

    private void closeEntry() {
        if (value != null) {
            entries.put(key, new RawEntry(sectionName, key, value.toString(), file, keyLine));
            value = null;
            key = null;
        }
    }

    private void closeSection() {
        closeEntry();
        if (entries != null) {
            sections.add(new RawSection(sectionName, file, sectionLine, entries));
        }
        entries = null;
        sectionName = null;
    }

    /** The first '=' or ':', whichever comes first (configparser's rule). */
    private static int separatorIndex(String content) {
        int eq = content.indexOf('=');
        int colon = content.indexOf(':');
        if (eq < 0) {
            return colon;
        }
        return colon < 0 ? eq : Math.min(eq, colon);
    }

    /** Drops a {@code ;} or {@code #} comment that is preceded by whitespace. */
    static String stripInlineComment(String text) {
        for (int i = 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c == ';' || c == '#') && Character.isWhitespace(text.charAt(i - 1))) {
                return text.substring(0, i).strip();
            }
        }
        return text;
    }

    private static String quote(String s) {
        return "\"" + s + "\"";
    }

    private static String describe(IOException e) {
        return e instanceof java.nio.file.NoSuchFileException ? "no such file"
                : e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                : String.valueOf(e.getMessage());
    }
}
