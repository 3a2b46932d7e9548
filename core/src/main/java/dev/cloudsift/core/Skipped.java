package dev.cloudsift.core;

import java.util.Objects;

/**
 * Input deliberately not stored because it holds no log record (a CloudWatch CONTROL_MESSAGE, an export's
 * write-test marker, a Config delivery notice). Counted per reason in the ledger, never silently dropped,
 * and not counted as a record read.
 */
public record Skipped(Position position, String reason) implements ReadItem {
    public Skipped {
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(reason, "reason");
    }
}
