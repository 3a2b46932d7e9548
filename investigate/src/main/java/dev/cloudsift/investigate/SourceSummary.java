package dev.cloudsift.investigate;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** What one source says about an entity: how much, when, doing what, with what outcome. */
public record SourceSummary(String source, long count, Instant firstSeen, Instant lastSeen, List<Counted> topActions,
        long successes, long failures, long unknownOutcomes) {
    public SourceSummary {
        Objects.requireNonNull(source, "source");
        topActions = List.copyOf(topActions);
    }
}
