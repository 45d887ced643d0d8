package io.jsuper.jsuperd.api.logs;

import io.jsuper.jsuperd.api.ApiException;
import io.jsuper.jsuperd.api.ApiRequest;
import io.jsuper.jsuperd.core.ErrorCode;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The query of a log request, validated: {@code stream}, {@code lines}, {@code follow}, {@code grep},
 * {@code since}. Every bad value is a 400 that says what would be right.
 */
public record LogQuery(String stream, int lines, boolean follow, Optional<String> grep, Optional<Instant> since) {
    public static final int DEFAULT_LINES = 50;
    public static final int MAX_LINES = io.jsuper.jsuperd.logs.LastLines.MAX_LINES;

    public static LogQuery of(ApiRequest request, Instant now) {
        String stream = request.query("stream").orElse("stdout");
        if (!stream.equals("stdout") && !stream.equals("stderr")) {
            throw bad("stream must be stdout or stderr, got: " + stream);
        }
        int lines = lines(request.query("lines"));
        boolean follow = request.flag("follow", false);
        Optional<String> grep = request.query("grep");
        if (grep.isPresent() && follow) {
            throw bad("grep and follow=true cannot be combined; grep searches what is written already");
        }
        Optional<Instant> since = request.query("since").map(s -> since(s, now));
        if (since.isPresent() && grep.isEmpty()) {
            throw bad("since is only for grep (?grep=PATTERN&since=...)");
        }
        return new LogQuery(stream, lines, follow, grep, since);
    }

    private static int lines(Optional<String> v) {
        if (v.isEmpty()) {
            return DEFAULT_LINES;
        }
        try {
            int n = Integer.parseInt(v.get().trim());
            if (n >= 0 && n <= MAX_LINES) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw bad("lines must be a whole number from 0 to " + MAX_LINES + ", got: " + v.get());
    }

    /** An ISO-8601 instant ({@code 2026-11-27T06:00:00Z}) or an age ({@code 90s}, {@code 15m}, {@code 2h}, {@code 1d}). */
    static Instant since(String s, Instant now) {
        String v = s.trim();
        try {
            if (v.matches("[0-9]{1,9}[smhd]")) {
                long n = Long.parseLong(v.substring(0, v.length() - 1));
                Duration d = switch (v.charAt(v.length() - 1)) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    case 'h' -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
                return now.minus(d);
            }
            return Instant.parse(v);
        } catch (DateTimeParseException | ArithmeticException e) {
            throw bad("since must be an ISO-8601 instant (2026-11-27T06:00:00Z) or an age (90s, 15m, 2h, 1d), got: " + s);
        }
    }

    private static ApiException bad(String message) {
        return new ApiException(ErrorCode.BAD_REQUEST, message);
    }
}
