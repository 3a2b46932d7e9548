package dev.cloudsift.investigate;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Everything the case says about one entity: per source, the entities seen with it, and the findings touching it. */
public record EntityProfile(EntityMatch entity, List<SourceSummary> sources, Map<String, List<Counted>> related,
        List<Finding> findings) {
    public EntityProfile {
        Objects.requireNonNull(entity, "entity");
        sources = List.copyOf(sources);
        related = Map.copyOf(related);
        findings = List.copyOf(findings);
    }

    public long total() {
        return sources.stream().mapToLong(SourceSummary::count).sum();
    }

    /**
     * Related kinds in a fixed order for printing; {@code anomaly} counts the entity's records by what is odd about
     * them ({@code events.anomalies}: no_time, duplicate_key:eventName, ...).
     */
    public static final List<String> RELATED_KINDS = List.of("principal", "access key", "ip", "user agent", "account",
            "instance", "network interface", "bucket", "anomaly");
}
