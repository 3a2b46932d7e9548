package dev.cloudsift.investigate.gaps;

import dev.cloudsift.core.Nullable;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A successful StopLogging paired with the StartLogging that ended it (same account and trail, the first after it)
 * and with the silence of that trail's records it caused.
 *
 * @param trail        the trail's name (the last part of its ARN)
 * @param restart      when logging was started again, or null when the case holds no StartLogging after the stop
 * @param restartedBy  who started it again
 * @param silence      the CloudTrail silence in the same account that the stop opened, or null when none was found
 *                     (the case's records may end, or another delivery of the same events may continue)
 */
public record LoggingPause(Instant stop, @Nullable String accountId, @Nullable String region, String trail,
        @Nullable String stoppedBy, @Nullable String stoppedFrom, @Nullable Instant restart, @Nullable String restartedBy,
        @Nullable String restartedFrom, @Nullable Silence silence) {
    public LoggingPause {
        Objects.requireNonNull(stop, "stop");
        Objects.requireNonNull(trail, "trail");
    }

    /** How long the trail was off, or null when it was never restarted within the case. */
    public @Nullable Duration off() {
        return restart == null ? null : Duration.between(stop, restart);
    }
}
