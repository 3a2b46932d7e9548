package dev.cloudsift.formats.cloudtrail;

import dev.cloudsift.core.Nullable;
import dev.cloudsift.core.Timestamps;
import java.time.DateTimeException;
import java.time.Instant;

/** Reads the times in CloudTrail records: CloudTrail's own shape fast, the shapes exports re-render it in after. */
final class CloudTrailTimes {
    private CloudTrailTimes() {}

    /**
     * CloudTrail writes {@code 2025-11-04T09:15:30Z}; exports re-render it ({@code 2025-11-04 09:15:30.000} from Lake,
     * Athena and Panther's data lake), so those are accepted too, after the fast ISO path.
     */
    static @Nullable Instant eventTime(String text) {
        Instant fast = exactUtcSeconds(text);
        if (fast != null) {
            return fast;
        }
        try {
            return Timestamps.parseIso(text);
        } catch (DateTimeException notIso) {
            try {
                return Timestamps.parseFlexible(text);
            } catch (DateTimeException notATime) {
                return null;
            }
        }
    }

    /**
     * {@code yyyy-MM-ddTHH:mm:ssZ}, the one shape CloudTrail writes, read without a formatter: this runs for every
     * record. Anything else (or an impossible date) returns null and takes the general path.
     */
    static @Nullable Instant exactUtcSeconds(String text) {
        if (text.length() != 20 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':' || text.charAt(19) != 'Z') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0
                || minute > 59 || second < 0 || second > 59 || day > lengthOfMonth(year, month)) {
            return null;
        }
        return Instant.ofEpochSecond(epochDay(year, month, day) * 86_400 + hour * 3_600L + minute * 60L + second);
    }

    /** Days in the month of the proleptic Gregorian calendar, as {@link java.time.YearMonth} counts them. */
    private static int lengthOfMonth(int year, int month) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /**
     * {@link java.time.LocalDate#toEpochDay()} of a valid date with a year from 0 to 9999, computed without making a
     * date: eras of 400 years, the year counted from March so that the leap day falls last.
     */
    static long epochDay(int year, int month, int day) {
        int y = month <= 2 ? year - 1 : year;
        int era = Math.floorDiv(y, 400);
        int yearOfEra = y - era * 400;
        int dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
        int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097L + dayOfEra - 719_468;
    }

    /** The decimal value of {@code text[from, to)}, or -1 when a character is not a digit. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
