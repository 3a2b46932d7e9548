package dev.cloudsift.report;

import java.util.Objects;

/** A rule the hunt used and how it loaded ("loaded", "skipped: unsupported modifier", ...), for the run manifest. */
public record RuleStatus(String rule, String status) {
    public RuleStatus {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(status, "status");
    }
}
