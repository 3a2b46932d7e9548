package dev.cloudsift.formats.cloudtrail;

import dev.cloudsift.core.DecimalDigits;
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
        int year = DecimalDigits.field(text, 0, 4);
        int month = DecimalDigits.field(text, 5, 7);
        int day = DecimalDigits.field(text, 8, 10);
        int hour = DecimalDigits.field(text, 11, 13);
        int minute = DecimalDigits.field(text, 14, 16);
        int second = DecimalDigits.field(text, 17, 19);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0
                || minute > 59 || second < 0 || second > 59 || day > Timestamps.lengthOfMonth(year, month)) {
            return null;
        }
        return Instant.ofEpochSecond(Timestamps.epochDay(year, month, day) * 86_400 + hour * 3_600L + minute * 60L + second);
    }



}
