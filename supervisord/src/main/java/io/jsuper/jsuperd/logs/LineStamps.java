package io.jsuper.jsuperd.logs;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Year;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads back the time at the start of a line that {@code time_format} stamped ({@code TIME [PID] | line}),
 * so that grep's {@code since=} can filter lines rather than files. Understands the directives jsuper
 * writes; a format that does not pin a day ({@code %H:%M:%S} alone, or no year) cannot be read back
 * ({@link #of} answers null and {@code since=} stays at file granularity).
 */
public final class LineStamps {
    /** Returned for a line that does not start with a stamp in this format. */
    public static final long NONE = Long.MIN_VALUE;

    private final List<Object> pieces; // String literal or Character directive
    private final ZoneId zone;

    private LineStamps(List<Object> pieces, ZoneId zone) {
        this.pieces = pieces;
        this.zone = zone;
    }

    /** For a stream's {@code time_format} written in {@code zone}; null when there is none or it pins no day. */
    public static LineStamps of(String timeFormat, ZoneId zone) {
        if (timeFormat == null) {
            return null;
        }
        List<Object> pieces = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < timeFormat.length(); i++) {
            char c = timeFormat.charAt(i);
            if (c != '%' || i + 1 >= timeFormat.length() || timeFormat.charAt(i + 1) == '%') {
                literal.append(c);
                i += c == '%' && i + 1 < timeFormat.length() ? 1 : 0;
                continue;
            }
            if (!literal.isEmpty()) {
                pieces.add(literal.toString());
                literal.setLength(0);
            }
            char code = timeFormat.charAt(++i);
            switch (code) { // the composites, as their parts
                case 'F' -> pieces.addAll(List.of('Y', "-", 'm', "-", 'd'));
                case 'T' -> pieces.addAll(List.of('H', ":", 'M', ":", 'S'));
                default -> pieces.add(code);
            }
        }
        if (!literal.isEmpty()) {
            pieces.add(literal.toString());
        }
        boolean epoch = pieces.contains('s');
        boolean year = pieces.contains('Y') || pieces.contains('y');
        boolean day = pieces.contains('j') || ((pieces.contains('m') || pieces.contains('b') || pieces.contains('B'))
                && (pieces.contains('d') || pieces.contains('e')));
        return epoch || (year && day) ? new LineStamps(List.copyOf(pieces), zone) : null;
    }

    /** The stamp at the start of {@code line} in epoch milliseconds, or {@link #NONE}. */
    public long millis(String line) {
        Fields f = new Fields();
        int at = 0;
        for (Object piece : pieces) {
            if (piece instanceof String s) {
                if (!line.startsWith(s, at)) {
                    return NONE;
                }
                at += s.length();
            } else {
                at = f.read((Character) piece, line, at);
                if (at < 0) {
                    return NONE;
                }
            }
        }
        try {
            return f.millis(zone);
        } catch (DateTimeException | ArithmeticException e) {
            return NONE;
        }
    }

    /** What a stamp said, field by field. */
    private static final class Fields {
        long epochSeconds = NONE;
        int year = -1;
        int month = 1;
        int day = 1;
        int dayOfYear = -1;
        int hour;
        int minute;
        int second;
        int micros;
        int pm = -1; // -1: 24-hour clock; 0 AM, 1 PM
        ZoneOffset offset;

        /** Reads one directive at {@code at}; returns the index after it, or -1. */
        int read(char code, String s, int at) {
            switch (code) {
                case 'Y' -> { return number(s, at, 4, 4, v -> year = v); }
                case 'y' -> { return number(s, at, 2, 2, v -> year = v < 69 ? 2000 + v : 1900 + v); }
                case 'm' -> { return number(s, at, 2, 2, v -> month = v); }
                case 'd' -> { return number(s, at, 2, 2, v -> day = v); }
                case 'e' -> { return number(s, at < s.length() && s.charAt(at) == ' ' ? at + 1 : at, 1, 2, v -> day = v); }
                case 'H' -> { return number(s, at, 2, 2, v -> hour = v); }
                case 'I' -> { return number(s, at, 2, 2, v -> hour = v % 12); }
                case 'M' -> { return number(s, at, 2, 2, v -> minute = v); }
                case 'S' -> { return number(s, at, 2, 2, v -> second = v); }
                case 'f' -> { return number(s, at, 6, 6, v -> micros = v); }
                case 'j' -> { return number(s, at, 3, 3, v -> dayOfYear = v); }
                case 's' -> { return number(s, at, 1, 12, v -> epochSeconds = v); }
                case 'p' -> {
                    pm = s.startsWith("PM", at) ? 1 : s.startsWith("AM", at) ? 0 : -2;
                    return pm < 0 ? -1 : at + 2;
                }
                case 'b', 'B' -> {
                    int end = letters(s, at);
                    month = end - at < 3 ? 0 : "janfebmaraprmayjunjulaugsepoctnovdec"
                            .indexOf(s.substring(at, at + 3).toLowerCase(Locale.ROOT)) / 3 + 1;
                    return month < 1 ? -1 : end;
                }
                case 'a', 'A' -> { return letters(s, at) > at ? letters(s, at) : -1; }
                case 'z' -> { return offset(s, at); }
                case 'Z' -> { return zoneName(s, at); }
                default -> { return -1; }
            }
        }

        private int offset(String s, int at) {
            if (at + 5 > s.length() || (s.charAt(at) != '+' && s.charAt(at) != '-')) {
                return -1;
            }
            int[] hm = new int[2];
            if (number(s, at + 1, 2, 2, v -> hm[0] = v) < 0 || number(s, at + 3, 2, 2, v -> hm[1] = v) < 0) {
                return -1;
            }
            int sign = s.charAt(at) == '-' ? -1 : 1;
            offset = ZoneOffset.ofHoursMinutes(sign * hm[0], sign * hm[1]);
            return at + 5;
        }

        private static int zoneName(String s, int at) {
            int end = at;
            while (end < s.length() && !Character.isWhitespace(s.charAt(end))) {
                end++;
            }
            return end > at ? end : -1;
        }

        private static int letters(String s, int at) {
            int end = at;
            while (end < s.length() && Character.isLetter(s.charAt(end))) {
                end++;
            }
            return end;
        }

        private static int number(String s, int at, int min, int max, java.util.function.IntConsumer to) {
            long v = 0;
            int end = at;
            while (end < s.length() && end - at < max && s.charAt(end) >= '0' && s.charAt(end) <= '9') {
                v = v * 10 + (s.charAt(end) - '0');
                end++;
            }
            if (end - at < min) {
                return -1;
            }
            to.accept((int) Math.min(v, Integer.MAX_VALUE));
            return end;
        }

        long millis(ZoneId zone) {
            if (epochSeconds != NONE) {
                return epochSeconds * 1000 + micros / 1000;
            }
            LocalDate date = dayOfYear > 0 ? Year.of(year).atDay(dayOfYear) : LocalDate.of(year, month, day);
            int h = pm == 1 ? hour + 12 : hour;
            LocalDateTime t = date.atTime(h, minute, second, micros * 1000);
            return (offset != null ? t.atOffset(offset).toInstant() : t.atZone(zone).toInstant()).toEpochMilli();
        }
    }
}
