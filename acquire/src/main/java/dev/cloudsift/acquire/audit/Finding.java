package dev.cloudsift.acquire.audit;

import dev.cloudsift.core.Nullable;
import java.util.List;
import java.util.Objects;

/**
 * The readiness of one log source in one region: its status, what it records, what an incident would leave
 * invisible, and the AWS CLI commands that would close the gap.
 */
public record Finding(String source, String region, Status status, String detail, @Nullable String gap, List<String> fixes) {
    public Finding {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
        fixes = List.copyOf(fixes);
    }

    /** Whether a source records. */
    public enum Status {
        ON, PARTIAL, OFF, UNKNOWN, NOT_APPLICABLE;

        public String label() {
            return this == NOT_APPLICABLE ? "n/a" : name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
