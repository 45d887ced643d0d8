package io.jsuper.jsuperd.config;

import io.jsuper.jsuperd.os.Signal;

import java.math.BigDecimal;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Typed converters from option text; each throws {@link InvalidValueException} saying what it expected. */
final class Converters {

    static final String BOOLEAN = "true, false, yes, no, on, off, 1 or 0";
    static final String DURATION = "seconds (e.g. 30 or 0.5) or a number with ms, s, m or h (e.g. 500ms, 2s, 1m)";
    static final String BYTE_SIZE = "a byte count, or a number with KB, MB or GB (1KB = 1024 bytes), e.g. 50MB";

    private static final Pattern DURATION_RE = Pattern.compile("(\\d+(?:\\.\\d+)?|\\.\\d+)\\s*(ms|s|m|h)?");
    private static final Pattern SIZE_RE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([KMGT]?)(?:I?B)?", Pattern.CASE_INSENSITIVE);

    private Converters() {
    }

    static boolean bool(String text) {
        switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "true": case "yes": case "on": case "1":
                return true;
            case "false": case "no": case "off": case "0":
                return false;
            default:
                throw new InvalidValueException(quote(text) + " is not a boolean", BOOLEAN);
        }
    }

    static int integer(String text, int min, int max) {
        String allowed = "a whole number " + min + ".." + max;
        long v;
        try {
            v = Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new InvalidValueException(quote(text) + " is not an integer", allowed);
        }
        if (v < min || v > max) {
            throw new InvalidValueException(v + " is out of range", allowed);
        }
        return (int) v;
    }

    static double decimal(String text, double min, double max) {
        String allowed = "a number from " + plain(min) + " to " + plain(max);
        double v;
        try {
            v = Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            throw new InvalidValueException(quote(text) + " is not a number", allowed);
        }
        if (!(v >= min && v <= max)) {
            throw new InvalidValueException(quote(text) + " is out of range", allowed);
        }
        return v;
    }

    /** Seconds as a plain number (decimals allowed), or with a unit: 500ms, 2s, 1m, 1h. */
    static Duration duration(String text) {
        Matcher m = DURATION_RE.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new InvalidValueException(quote(text) + " is not a duration", DURATION);
        }
        BigDecimal amount = new BigDecimal(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        BigDecimal millis = switch (unit) {
            case "ms" -> amount;
            case "m" -> amount.multiply(BigDecimal.valueOf(60_000));
            case "h" -> amount.multiply(BigDecimal.valueOf(3_600_000));
            default -> amount.multiply(BigDecimal.valueOf(1000));
        };
        BigDecimal nanos = millis.multiply(BigDecimal.valueOf(1_000_000));
        if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new InvalidValueException(quote(text) + " is too long", "at most a few centuries");
        }
        return Duration.ofNanos(nanos.longValue());
    }

    /** A byte count: plain number, or with K/KB/M/MB/G/GB (powers of 1024, case-insensitive). */
    static long byteSize(String text) {
        Matcher m = SIZE_RE.matcher(text.strip());
        if (!m.matches()) {
            throw new InvalidValueException(quote(text) + " is not a byte size", BYTE_SIZE);
        }
        int shift = switch (m.group(2).toUpperCase(Locale.ROOT)) {
            case "K" -> 10;
            case "M" -> 20;
            case "G" -> 30;
            case "T" -> 40;
            default -> 0;
        };
        BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(1L << shift));
        if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new InvalidValueException(quote(text) + " is too large", BYTE_SIZE);
        }
        return bytes.longValue();
    }

    static Signal signal(String text) {
        return Signal.parse(text).orElseThrow(() -> new InvalidValueException(
                quote(text) + " is not a signal name", "a signal name such as TERM, SIGTERM, INT, QUIT, HUP, KILL, USR1 or a number"));
    }

    /** Comma-separated exit codes, each 0..255: "0,2". */
    static Set<Integer> exitCodes(String text) {
        String allowed = "a comma-separated list of exit codes 0..255, e.g. 0,2";
        Set<Integer> codes = new LinkedHashSet<>();
        for (String part : text.split(",", -1)) {
            String p = part.strip();
            int code;
            try {
                code = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                throw new InvalidValueException(quote(p) + " in " + quote(text) + " is not an exit code", allowed);
            }
            if (code < 0 || code > 255) {
                throw new InvalidValueException(code + " is not an exit code", allowed);
            }
            codes.add(code);
        }
        return codes;
    }

    /** An octal umask such as 022 or 0o027. */
    static int umask(String text) {
        String allowed = "an octal number 000..777, e.g. 022";
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.startsWith("0o")) {
            t = t.substring(2);
        }
        if (!t.matches("[0-7]{1,4}")) {
            throw new InvalidValueException(quote(text) + " is not an octal umask", allowed);
        }
        int v = Integer.parseInt(t, 8);
        if (v > 0777) {
            throw new InvalidValueException(quote(text) + " is out of range", allowed);
        }
        return v;
    }

    /** A resource limit: a non-negative number, or "unlimited" (Long.MAX_VALUE, RLIM_INFINITY). */
    static long rlimit(String text) {
        String t = text.strip();
        if (t.equalsIgnoreCase("unlimited") || t.equalsIgnoreCase("infinity")) {
            return Long.MAX_VALUE;
        }
        try {
            long v = Long.parseLong(t);
            if (v >= 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidValueException(quote(text) + " is not a resource limit", "a whole number >= 0 or \"unlimited\"");
    }

    /** A path; relative paths are taken relative to {@code baseDir} (the directory of the file). */
    static Path path(String text, Path baseDir) {
        String t = text.strip();
        if (t.isEmpty() || t.indexOf('\0') >= 0) {
            throw new InvalidValueException("empty path", "a file system path");
        }
        try {
            return baseDir.resolve(t).normalize();
        } catch (InvalidPathException e) {
            throw new InvalidValueException(quote(text) + " is not a path", "a file system path");
        }
    }

    static String quote(String s) {
        return "\"" + s + "\"";
    }

    private static String plain(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
