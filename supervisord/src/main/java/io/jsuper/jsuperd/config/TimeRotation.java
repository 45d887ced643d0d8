package io.jsuper.jsuperd.config;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;

/**
 * Time-based rotation of an output stream, as Circus's {@code TimedRotatingFileStream} (Python's
 * {@code TimedRotatingFileHandler}): {@code when} is {@code S}, {@code M}, {@code H}, {@code D} (every
 * {@code interval} seconds, minutes, hours, days), {@code midnight} (every {@code interval} midnights) or
 * {@code W0}–{@code W6} (Monday … Sunday at midnight, every {@code interval} weeks); {@code utc} chooses
 * UTC instead of the host's zone for the calendar ones.
 */
public record TimeRotation(String when, int interval, boolean utc) {

    static final String ALLOWED = "S, M, H, D, midnight or W0-W6 (W0 = Monday)";

    /** @throws InvalidValueException for an unknown {@code when} */
    static String parseWhen(String text) {
        String v = text.trim();
        String upper = v.toUpperCase(Locale.ROOT);
        if (upper.equals("MIDNIGHT")) {
            return "midnight";
        }
        if (upper.matches("[SMHD]|W[0-6]")) {
            return upper;
        }
        throw new InvalidValueException(Converters.quote(text) + " is not a rotation period", ALLOWED);
    }

    /** The first rollover strictly after {@code epochMillis}, in the host's zone unless {@code utc}. */
    public long nextAfter(long epochMillis) {
        return nextAfter(epochMillis, utc ? ZoneOffset.UTC : ZoneId.systemDefault());
    }

    long nextAfter(long epochMillis, ZoneId zone) {
        long n = interval;
        switch (when) {
            case "S":
                return epochMillis + n * 1000L;
            case "M":
                return epochMillis + n * 60_000L;
            case "H":
                return epochMillis + n * 3_600_000L;
            case "D":
                return epochMillis + n * 86_400_000L;
            default:
                break;
        }
        ZonedDateTime now = Instant.ofEpochMilli(epochMillis).atZone(zone);
        LocalDate today = now.toLocalDate();
        ZonedDateTime next;
        if (when.equals("midnight")) {
            next = today.plusDays(n).atStartOfDay(zone);
        } else {
            DayOfWeek day = DayOfWeek.of(when.charAt(1) - '0' + 1);
            next = today.with(TemporalAdjusters.next(day)).atStartOfDay(zone).plusWeeks(n - 1);
        }
        return next.toInstant().toEpochMilli();
    }
}
