package io.jsuper.jsuperd.config;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A strftime-style format ({@code time_format}, as Circus's, which is Python's {@code datetime.strftime}),
 * compiled once into pieces so that formatting a timestamp allocates nothing but the text. The supported
 * subset is {@link #DIRECTIVES}; anything else is refused at load, not printed literally.
 */
public final class StrftimeFormat {

    /** The directives understood, for error messages and docs. */
    public static final String DIRECTIVES = "%Y %y %m %d %e %H %I %M %S %f %j %p %a %A %b %B %z %Z %s %F %T %%";
    private static final String CODES = "YymdeHIMSfjpaAbBzZsFT%";

    private final String pattern;
    private final List<Object> pieces; // String literal or Character directive
    private final boolean subSecond;

    private StrftimeFormat(String pattern, List<Object> pieces) {
        this.pattern = pattern;
        this.pieces = pieces;
        this.subSecond = pieces.contains('f');
    }

    /** @throws InvalidValueException naming the first unsupported directive */
    public static StrftimeFormat parse(String pattern) {
        List<Object> pieces = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c != '%') {
                literal.append(c);
                continue;
            }
            if (i + 1 >= pattern.length() || CODES.indexOf(pattern.charAt(i + 1)) < 0) {
                String bad = i + 1 >= pattern.length() ? "%" : "%" + pattern.charAt(i + 1);
                throw new InvalidValueException(Converters.quote(pattern) + " has " + bad + ", which jsuper does not support",
                        "a strftime format using " + DIRECTIVES);
            }
            char code = pattern.charAt(++i);
            if (code == '%') {
                literal.append('%');
                continue;
            }
            if (!literal.isEmpty()) {
                pieces.add(literal.toString());
                literal.setLength(0);
            }
            pieces.add(code);
        }
        if (!literal.isEmpty()) {
            pieces.add(literal.toString());
        }
        return new StrftimeFormat(pattern, List.copyOf(pieces));
    }

    public String pattern() {
        return pattern;
    }

    /** True when the text changes within a second (%f): a cache keyed by the second would be wrong. */
    public boolean subSecond() {
        return subSecond;
    }

    /** Appends {@code epochMillis} in {@code zone} to {@code out}. */
    public void format(long epochMillis, ZoneId zone, StringBuilder out) {
        ZonedDateTime t = Instant.ofEpochMilli(epochMillis).atZone(zone);
        for (Object piece : pieces) {
            if (piece instanceof String s) {
                out.append(s);
            } else {
                directive((Character) piece, t, epochMillis, out);
            }
        }
    }

    private static void directive(char code, ZonedDateTime t, long epochMillis, StringBuilder out) {
        switch (code) {
            case 'Y' -> out.append(t.getYear());
            case 'y' -> pad(out, t.getYear() % 100, 2);
            case 'm' -> pad(out, t.getMonthValue(), 2);
            case 'd' -> pad(out, t.getDayOfMonth(), 2);
            case 'e' -> out.append(t.getDayOfMonth() < 10 ? " " : "").append(t.getDayOfMonth());
            case 'H' -> pad(out, t.getHour(), 2);
            case 'I' -> pad(out, t.getHour() % 12 == 0 ? 12 : t.getHour() % 12, 2);
            case 'M' -> pad(out, t.getMinute(), 2);
            case 'S' -> pad(out, t.getSecond(), 2);
            case 'f' -> pad(out, t.getNano() / 1000, 6);
            case 'j' -> pad(out, t.getDayOfYear(), 3);
            case 'p' -> out.append(t.getHour() < 12 ? "AM" : "PM");
            case 'a' -> out.append(t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ROOT));
            case 'A' -> out.append(t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ROOT));
            case 'b' -> out.append(t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ROOT));
            case 'B' -> out.append(t.getMonth().getDisplayName(TextStyle.FULL, Locale.ROOT));
            case 'z' -> offset(out, t.getOffset().getTotalSeconds());
            case 'Z' -> out.append(t.getZone().getDisplayName(TextStyle.SHORT, Locale.ROOT));
            case 's' -> out.append(Math.floorDiv(epochMillis, 1000));
            case 'F' -> {
                out.append(t.getYear()).append('-');
                pad(out, t.getMonthValue(), 2);
                out.append('-');
                pad(out, t.getDayOfMonth(), 2);
            }
            case 'T' -> {
                pad(out, t.getHour(), 2);
                out.append(':');
                pad(out, t.getMinute(), 2);
                out.append(':');
                pad(out, t.getSecond(), 2);
            }
            default -> throw new IllegalStateException("unparsed directive %" + code);
        }
    }

    private static void offset(StringBuilder out, int seconds) {
        out.append(seconds < 0 ? '-' : '+');
        int abs = Math.abs(seconds) / 60;
        pad(out, abs / 60, 2);
        pad(out, abs % 60, 2);
    }

    private static void pad(StringBuilder out, int value, int width) {
        String s = Integer.toString(value);
        for (int i = s.length(); i < width; i++) {
            out.append('0');
        }
        out.append(s);
    }
}
