package dev.cloudsift.investigate.gaps;

import java.util.List;
import java.util.Objects;

/** For one account and region: the seed sources present, those absent, and what their absence hides, in words. */
public record CoverageRow(String accountId, String region, List<String> present, List<String> absent, List<String> blindSpots) {
    public CoverageRow {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(region, "region");
        present = List.copyOf(present);
        absent = List.copyOf(absent);
        blindSpots = List.copyOf(blindSpots);
    }
}
