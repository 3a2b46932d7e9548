package dev.cloudsift.core;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;

/** Parses the time shapes AWS logs and dumps of AWS APIs use. */
public final class Timestamps {
    /** Epoch values above this are milliseconds (only for fields whose unit is not defined). */
    private static final long MILLIS_THRESHOLD = 100_000_000_000L;

    private static final DateTimeFormatter SPACE_SEPARATED = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .optionalStart().appendLiteral(" UTC").optionalEnd()
            .toFormatter();

    private Timestamps() {}

    /** ISO-8601 instant with {@code Z} or an offset ({@code 2025-11-04T09:15:30Z}, {@code ...+00:00}). */
    public static Instant parseIso(String text) {
        if (text.endsWith("Z") || text.endsWith("z")) {
            return Instant.parse(text.endsWith("z") ? text.substring(0, text.length() - 1) + "Z" : text);
        }
        return OffsetDateTime.parse(text).toInstant();
    }

    /**
     * Any of the shapes dumps of AWS API timestamps take: ISO with {@code Z} or offset, ISO without zone (UTC),
     * {@code yyyy-MM-dd HH:mm:ss[.fff][+00:00]}, or epoch seconds or milliseconds, integral or with a fraction.
     *
     * @throws DateTimeParseException when none fits
     */
    public static Instant parseFlexible(String raw) {
        String text = raw.strip();
        if (text.isEmpty()) {
            throw new DateTimeParseException("empty time", raw, 0);
        }
        char first = text.charAt(0);
        if (Character.isDigit(first) && isNumber(text)) {
            return fromEpochNumber(new BigDecimal(text));
        }
        try {
            if (text.length() > 10 && text.charAt(10) == 'T') {
                if (hasZone(text)) {
                    return parseIso(text);
                }
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            }
            var parsed = SPACE_SEPARATED.parseBest(text, OffsetDateTime::from, LocalDateTime::from);
            if (parsed instanceof OffsetDateTime offset) {
                return offset.toInstant();
            }
            return ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new DateTimeParseException("unreadable time: " + e.getMessage(), raw, 0);
        }
    }

    /** Epoch seconds or milliseconds chosen by magnitude; for fields whose unit the format does not define. */
    public static Instant fromEpochNumber(BigDecimal value) {
        BigDecimal seconds = value.abs().compareTo(BigDecimal.valueOf(MILLIS_THRESHOLD)) > 0
                ? value.movePointLeft(3) : value;
        long whole = seconds.longValue();
        int nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).intValue();
        return Instant.ofEpochSecond(whole, nanos);
    }

    private static boolean hasZone(String text) {
        char last = text.charAt(text.length() - 1);
        if (last == 'Z' || last == 'z') {
            return true;
        }
        int plus = Math.max(text.lastIndexOf('+'), text.lastIndexOf('-'));
        return plus > 10;
    }

    private static boolean isNumber(String text) {
        int dots = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '.') {
                dots++;
            } else if (c < '0' || c > '9') {
                return false;
            }
        }
        return dots <= 1;
    }

    /**
     * The value of the two ASCII digits at {@code index} of {@code text} (a day, hour, minute or second field of a
     * fixed-width time), or -1 when either is not a digit.
     */
    public static int twoDigits(String text, int index) {
        char tens = text.charAt(index);
        char ones = text.charAt(index + 1);
        if (tens < '0' || tens > '9' || ones < '0' || ones > '9') {
            return -1;
        }
        return (tens - '0') * 10 + (ones - '0');
    }

    /**
     * {@code yyyy-MM-ddTHH:mm:ssZ} or {@code yyyy-MM-ddTHH:mm:ss.SSSZ} in {@code text[0, end)}, read by position
     * without a formatter (the shapes CloudTrail and CloudWatch exports write, on every record); null for any other
     * shape or an impossible date, which the caller then parses the general way or refuses.
     */
    public static @Nullable Instant fixedIsoUtc(CharSequence text, int end) {
        boolean millis = end == 24 && text.charAt(19) == '.';
        if (!(end == 20 || millis) || text.charAt(end - 1) != 'Z' || text.charAt(4) != '-' || text.charAt(7) != '-'
                || text.charAt(10) != 'T' || text.charAt(13) != ':' || text.charAt(16) != ':') {
            return null;
        }
        int year = DecimalDigits.field(text, 0, 4);
        int month = DecimalDigits.field(text, 5, 7);
        int day = DecimalDigits.field(text, 8, 10);
        int hour = DecimalDigits.field(text, 11, 13);
        int minute = DecimalDigits.field(text, 14, 16);
        int second = DecimalDigits.field(text, 17, 19);
        int milli = millis ? DecimalDigits.field(text, 20, 23) : 0;
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > lengthOfMonth(year, month) || hour < 0 || hour > 23
                || minute < 0 || minute > 59 || second < 0 || second > 59 || milli < 0) {
            return null;
        }
        return Instant.ofEpochSecond(epochDay(year, month, day) * 86_400 + hour * 3_600L + minute * 60L + second,
                milli * 1_000_000L);
    }

    /**
     * {@link java.time.LocalDate#toEpochDay()} of a valid date with a year from 0 to 9999, computed without making a
     * date (the line formats' time fields run for every record): eras of 400 years, the year counted from March so
     * that the leap day falls last.
     */
    public static long epochDay(int year, int month, int day) {
        int y = month <= 2 ? year - 1 : year;
        int era = Math.floorDiv(y, 400);
        int yearOfEra = y - era * 400;
        int dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
        int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097L + dayOfEra - 719_468;
    }

    /** Days in a month (1 to 12) of the proleptic Gregorian calendar, as {@link java.time.YearMonth} counts them. */
    public static int lengthOfMonth(int year, int month) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }
}
