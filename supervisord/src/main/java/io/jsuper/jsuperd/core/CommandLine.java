package io.jsuper.jsuperd.core;

import io.jsuper.jsuperd.config.WatcherConfig;

import java.util.ArrayList;
import java.util.List;

/** Builds a process's argv from a watcher's {@code cmd} and {@code args}: no shell unless asked. */
public final class CommandLine {
    public static final String WID_VARIABLE = "$(circus.wid)";

    private CommandLine() {
    }

    /** argv for process {@code wid}: POSIX-shell-like word splitting, or /bin/sh -c when {@code shell}. */
    public static List<String> argv(WatcherConfig watcher, int wid) {
        String line = watcher.args().isBlank() ? watcher.cmd() : watcher.cmd() + " " + watcher.args();
        line = expandWid(line, wid);
        if (watcher.shell()) {
            return List.of("/bin/sh", "-c", line);
        }
        return split(line);
    }

    /** True when the command line differs per process (it holds {@link #WID_VARIABLE}). */
    public static boolean namesWid(WatcherConfig watcher) {
        return watcher.cmd().contains(WID_VARIABLE) || watcher.args().contains(WID_VARIABLE);
    }

    public static String expandWid(String text, int wid) {
        return text.replace(WID_VARIABLE, Integer.toString(wid));
    }

    /**
     * Splits like a POSIX shell without expansions: whitespace separates words, single quotes keep
     * everything, double quotes keep everything but backslash-escaped {@code " \ $ `}, a backslash
     * outside quotes keeps the next character.
     */
    public static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                i++;
            } else if (c == '\'') {
                int end = line.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("unterminated single quote in: " + line);
                }
                word.append(line, i + 1, end);
                inWord = true;
                i = end + 1;
            } else if (c == '"') {
                i = readDoubleQuoted(line, i + 1, word);
                inWord = true;
            } else if (c == '\\' && i + 1 < line.length()) {
                word.append(line.charAt(i + 1));
                inWord = true;
                i += 2;
            } else {
                word.append(c);
                inWord = true;
                i++;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    private static int readDoubleQuoted(String line, int start, StringBuilder word) {
        int i = start;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == '"') {
                return i + 1;
            }
            if (c == '\\' && i + 1 < line.length() && "\"\\$`".indexOf(line.charAt(i + 1)) >= 0) {
                word.append(line.charAt(i + 1));
                i += 2;
            } else {
                word.append(c);
                i++;
            }
        }
        throw new IllegalArgumentException("unterminated double quote in: " + line);
    }
}
