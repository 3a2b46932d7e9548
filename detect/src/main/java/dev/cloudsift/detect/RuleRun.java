package dev.cloudsift.detect;

import dev.cloudsift.core.Nullable;
import java.util.Objects;

/** How one rule fared in a hunt: evaluation mode, time taken, matches and findings, or the error. */
public record RuleRun(RuleMetadata rule, String mode, long nanos, long matches, long findings,
                      @Nullable String error) {
    public RuleRun {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(mode, "mode");
    }

    public double millis() {
        return nanos / 1_000_000.0;
    }
}
