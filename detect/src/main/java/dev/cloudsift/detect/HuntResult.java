package dev.cloudsift.detect;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a hunt did: one {@link RuleRun} per evaluated rule, the total time, and the time of each phase (a shared
 * scan of a table, copying matched rows, writing detection findings, correlations...) in the order they ran.
 */
public record HuntResult(List<RuleRun> runs, long totalNanos, Map<String, Long> phaseNanos) {
    public HuntResult {
        runs = List.copyOf(runs);
        phaseNanos = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(phaseNanos));
    }

    /** A result without phase times. */
    public HuntResult(List<RuleRun> runs, long totalNanos) {
        this(runs, totalNanos, Map.of());
    }

    public long findings() {
        return runs.stream().mapToLong(RuleRun::findings).sum();
    }

    /** The slowest rules first, for the "10 slowest rules" table. */
    public List<RuleRun> slowest(int count) {
        return runs.stream().sorted(Comparator.comparingLong(RuleRun::nanos).reversed()).limit(count).toList();
    }

    public List<RuleRun> failed() {
        return runs.stream().filter(run -> run.error() != null).toList();
    }
}
