package dev.cloudsift.investigate.gaps;

import dev.cloudsift.core.Nullable;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * For one account and region: what each seed source holds, the sources absent, and what their absence hides.
 *
 * @param sources  records and first/last time per seed source present (records without account or region are
 *                 counted for every account or region they may belong to)
 * @param outOfScope why this row is not judged for missing sources (a region touched by only a few CloudTrail calls,
 *                 the {@code global} pseudo-region), or null when it is: its absent sources are real gaps
 */
public record CoverageRow(String accountId, String region, Map<String, SourceSpan> sources, List<String> absent,
        List<String> blindSpots, @Nullable String outOfScope) {
    public CoverageRow {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(region, "region");
        sources = Map.copyOf(sources);
        absent = List.copyOf(absent);
        blindSpots = List.copyOf(blindSpots);
    }

    /** The seed sources present, in {@link Coverage#SEED_SOURCES} order. */
    public List<String> present() {
        return Coverage.SEED_SOURCES.stream().filter(sources::containsKey).toList();
    }

    /** Whether the row's absent sources count as coverage gaps. */
    public boolean inScope() {
        return outOfScope == null;
    }

    /** Whether the row is in scope and misses a seed source. */
    public boolean missesSource() {
        return inScope() && !absent.isEmpty();
    }

    /** Records of all seed sources together. */
    public long records() {
        return sources.values().stream().mapToLong(SourceSpan::records).sum();
    }
}
