package dev.cloudsift.investigate;

import dev.cloudsift.core.Nullable;
import java.time.Instant;
import java.util.Objects;

/**
 * One line of the collapsed timeline: a run of similar rows (same source, principal, action and resource prefix,
 * each within the gap of the previous) or a finding marked inline.
 *
 * @param first    time of the first row of the run
 * @param last     time of the last row
 * @param count    rows in the run (1 for a single row)
 * @param resource the resource when the run has one row, else the prefix the rows share
 * @param finding  the finding this line shows, when it is a finding rather than a run of rows
 */
public record TimelineEntry(
        Instant first,
        Instant last,
        long count,
        String source,
        @Nullable String accountId,
        @Nullable String region,
        @Nullable String principal,
        @Nullable String action,
        @Nullable String resource,
        @Nullable String outcome,
        @Nullable String srcIp,
        @Nullable String message,
        @Nullable Finding finding) {
    public TimelineEntry {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(last, "last");
        Objects.requireNonNull(source, "source");
    }

    public boolean isFinding() {
        return finding != null;
    }
}
