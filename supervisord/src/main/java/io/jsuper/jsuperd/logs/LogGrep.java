package io.jsuper.jsuperd.logs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Searches a log stream's files (current and backups, gzipped too), newest file first, for lines matching
 * a regular expression. Bounded: at most {@code lines} matches, {@code maxBytes} of answer, a deadline,
 * and a budget of characters the regex engine may examine (so a backtracking pattern ends, with a note).
 */
public final class LogGrep {
    public static final int MAX_PATTERN = 1000;
    /** Characters the regex engine may look at per search: about 20x a GiB-sized log read once. */
    static final long MAX_CHARS_EXAMINED = 20L << 30;

    /** Matches oldest first; {@code stopped} says why the search ended early (null when it covered everything). */
    public record Result(List<String> lines, int filesSearched, String stopped) {
    }

    private final Pattern pattern;
    private final LongSupplier clock;
    private final String regex; // for the literal fast path (a search object per file: it holds a 1 MiB buffer)

    private LogGrep(Pattern pattern, LongSupplier clock) {
        this.pattern = pattern;
        this.clock = clock;
        this.regex = pattern.pattern();
    }

    /** @throws IllegalArgumentException with a message for the client when the pattern is bad or too long */
    public static LogGrep compile(String regex, LongSupplier clock) {
        if (regex.isEmpty() || regex.length() > MAX_PATTERN) {
            throw new IllegalArgumentException("grep pattern must be 1 to " + MAX_PATTERN + " characters");
        }
        try {
            return new LogGrep(Pattern.compile(regex), clock);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("bad grep pattern (Java regex syntax): "
                    + e.getDescription() + " near index " + e.getIndex());
        }
    }

    /**
     * @param since only files modified at or after this instant are searched (null: all)
     */
    public Result search(List<Path> newestFirst, int lines, long maxBytes, long timeoutNanos, Instant since)
            throws IOException {
        return search(newestFirst, lines, maxBytes, timeoutNanos, since, null);
    }

    /**
     * @param since  only files modified at or after this instant are searched (null: all), and with
     *               {@code stamps} only lines stamped at or after it are answered
     * @param stamps how to read a line's {@code time_format} stamp, or null when lines carry none
     */
    public Result search(List<Path> newestFirst, int lines, long maxBytes, long timeoutNanos, Instant since,
                         LineStamps stamps) throws IOException {
        BoundedText.Budget budget = new BoundedText.Budget(MAX_CHARS_EXAMINED, clock.getAsLong() + timeoutNanos, clock);
        ArrayDeque<String> out = new ArrayDeque<>();
        long bytes = 0;
        int searched = 0;
        LiteralLineSearch literal = LiteralLineSearch.forPattern(regex); // null: the regex reads every line
        for (Path file : newestFirst) {
            if (since != null && modified(file) < since.toEpochMilli()) {
                continue;
            }
            searched++;
            List<String> found;
            try {
                found = searchFile(file, lines - out.size(), budget, literal);
                if (since != null && stamps != null) {
                    found = stampedSince(found, stamps, since.toEpochMilli());
                }
            } catch (BoundedText.Exhausted e) {
                return new Result(new ArrayList<>(out), searched, e.getMessage());
            }
            for (int i = found.size() - 1; i >= 0; i--) {
                String line = found.get(i);
                if (bytes + line.length() + 1 > maxBytes) {
                    return new Result(new ArrayList<>(out), searched, "answer size limit reached");
                }
                bytes += line.length() + 1;
                out.addFirst(line);
            }
            if (out.size() >= lines) {
                return new Result(new ArrayList<>(out), searched, null);
            }
            if (!budget.timeLeft()) {
                return new Result(new ArrayList<>(out), searched, "time limit reached");
            }
        }
        return new Result(new ArrayList<>(out), searched, null);
    }

    /** The last {@code keep} matching lines of one file. */
    private List<String> searchFile(Path file, int keep, BoundedText.Budget budget, LiteralLineSearch literal)
            throws IOException {
        ArrayDeque<String> ring = new ArrayDeque<>();
        try (InputStream in = LogFiles.content(file)) {
            if (in == null) {
                return List.of();
            }
            if (literal != null) {
                return literal.lastMatches(in, keep, budget);
            }
            LineReader reader = new LineReader(in);
            for (String line = reader.next(); line != null; line = reader.next()) {
                if (pattern.matcher(new BoundedText(budget, line)).find()) {
                    if (ring.size() == keep) {
                        ring.removeFirst();
                    }
                    ring.addLast(line);
                }
            }
        }
        return new ArrayList<>(ring);
    }

    /**
     * The lines stamped at or after {@code since} (an unstamped line, e.g. the rest of a long line, stays).
     * Filtering the last matches of a file afterwards is exact: a file's stamps only grow, so when one of
     * its last matches is too old, every earlier match is too.
     */
    private static List<String> stampedSince(List<String> found, LineStamps stamps, long since) {
        List<String> kept = new ArrayList<>(found.size());
        for (String line : found) {
            long at = stamps.millis(line);
            if (at == LineStamps.NONE || at >= since) {
                kept.add(line);
            }
        }
        return kept;
    }

    private static long modified(Path file) throws IOException {
        try {
            return Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toMillis();
        } catch (NoSuchFileException e) {
            return Long.MIN_VALUE;
        }
    }
}
