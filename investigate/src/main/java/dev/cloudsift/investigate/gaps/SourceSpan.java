package dev.cloudsift.investigate.gaps;

import java.time.Instant;
import java.util.Objects;

/** How much one source holds for one account and region: records, first and last record time. */
public record SourceSpan(long records, Instant first, Instant last) {
    public SourceSpan {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(last, "last");
    }

    /** Both spans together (records attributed from several places). */
    SourceSpan plus(SourceSpan other) {
        return new SourceSpan(records + other.records, first.isBefore(other.first) ? first : other.first,
                last.isAfter(other.last) ? last : other.last);
    }
}
