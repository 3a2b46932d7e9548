package dev.cloudsift.investigate;

import dev.cloudsift.core.Nullable;
import java.time.Instant;
import java.util.Objects;

/** One row of the detect module's {@code findings} table, as investigation shows it. */
public record Finding(
        @Nullable Instant time,
        String level,
        String ruleId,
        String title,
        @Nullable String source,
        @Nullable String accountId,
        @Nullable String principal,
        @Nullable String srcIp,
        @Nullable String summary) {
    public Finding {
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(title, "title");
    }

    /** Sigma levels from most to least severe; unknown levels rank last. */
    public static int severityRank(String level) {
        return switch (level == null ? "" : level.toLowerCase(java.util.Locale.ROOT)) {
            case "critical" -> 0;
            case "high" -> 1;
            case "medium" -> 2;
            case "low" -> 3;
            case "informational" -> 4;
            default -> 5;
        };
    }
}
