package dev.cloudsift.investigate.gaps;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A stretch with no records in a series (account, region, source) that normally has records every few minutes.
 *
 * @param lastBefore   minute of the last record before the silence
 * @param firstAfter   minute of the first record after it
 * @param typicalGap   the series' median gap between active minutes
 */
public record Silence(String accountId, String region, String source, Instant lastBefore, Instant firstAfter,
        Duration typicalGap) {
    public Silence {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(lastBefore, "lastBefore");
        Objects.requireNonNull(firstAfter, "firstAfter");
        Objects.requireNonNull(typicalGap, "typicalGap");
    }

    public Duration length() {
        return Duration.between(lastBefore, firstAfter);
    }
}
