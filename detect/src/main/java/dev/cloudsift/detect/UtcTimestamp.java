package dev.cloudsift.detect;

import dev.cloudsift.core.Nullable;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a field's text as a timestamp in UTC, for the time modifiers: ISO 8601 dates and date-times with
 * seconds (years 1000 to 9999), optional fraction and optional offset ({@code Z}, {@code +02:00},
 * {@code -0530}); no offset means UTC.
 * The SQL and the Java reading accept exactly the same shapes (one regular expression, checked by both), so the
 * evaluators agree; anything else (epoch numbers, other formats) has no time parts and matches nothing.
 */
final class UtcTimestamp {
    private static final String DATE = "([1-9][0-9]{3})-([0-9]{2})-([0-9]{2})";
    private static final String TIME = "[T ]([01][0-9]|2[0-3]):([0-5][0-9]):([0-5][0-9])(?:\\.[0-9]{1,9})?";
    private static final String OFFSET = "([+-])(0[0-9]|1[0-4]):?([0-5][0-9])";
    private static final String LOCAL = DATE + "(?:" + TIME + "Z?)?";
    private static final String OFFSET_SHAPE = DATE + TIME + OFFSET;
    private static final Pattern LOCAL_PATTERN = Pattern.compile(LOCAL);
    private static final Pattern OFFSET_PATTERN = Pattern.compile(OFFSET_SHAPE);

    private UtcTimestamp() {}

    /** The UTC date-time the text names, or null when it is not one of the accepted shapes or not a real date. */
    static @Nullable LocalDateTime parse(@Nullable String text) {
        if (text == null) {
            return null;
        }
        try {
            Matcher local = LOCAL_PATTERN.matcher(text);
            if (local.matches()) {
                return dateTime(local);
            }
            Matcher offset = OFFSET_PATTERN.matcher(text);
            if (offset.matches()) {
                int sign = offset.group(7).equals("-") ? -1 : 1;
                ZoneOffset zone = ZoneOffset.ofHoursMinutes(sign * Integer.parseInt(offset.group(8)),
                        sign * Integer.parseInt(offset.group(9)));
                return dateTime(offset).atOffset(zone).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
            }
            return null;
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static LocalDateTime dateTime(Matcher matcher) {
        LocalDate date = LocalDate.of(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)),
                Integer.parseInt(matcher.group(3)));
        if (matcher.group(4) == null) {
            return date.atStartOfDay();
        }
        return date.atTime(LocalTime.of(Integer.parseInt(matcher.group(4)), Integer.parseInt(matcher.group(5)),
                Integer.parseInt(matcher.group(6))));
    }

    /**
     * The SQL reading of a text expression as a UTC {@code TIMESTAMP}: a local or {@code Z} time casts directly
     * (so the session time zone never applies), an offset goes through {@code TIMESTAMPTZ} to UTC.
     */
    static String sql(String text) {
        return "(CASE WHEN regexp_full_match(" + text + ", " + SqlText.literal(LOCAL) + ") THEN TRY_CAST(" + text
                + " AS TIMESTAMP) WHEN regexp_full_match(" + text + ", " + SqlText.literal(OFFSET_SHAPE)
                + ") THEN timezone('UTC', TRY_CAST(" + text + " AS TIMESTAMPTZ)) END)";
    }
}
