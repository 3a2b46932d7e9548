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
        return text.length() == 20 ? Timestamps.fixedIsoUtc(text, 20) : null;
    }
}
