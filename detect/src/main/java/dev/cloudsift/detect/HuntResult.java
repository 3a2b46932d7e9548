package dev.cloudsift.detect;

import java.util.Comparator;
import java.util.List;

/** What a hunt did: one {@link RuleRun} per evaluated rule, and the total time. */
public record HuntResult(List<RuleRun> runs, long totalNanos) {
    public HuntResult {
        runs = List.copyOf(runs);
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
