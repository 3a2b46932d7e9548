package dev.cloudsift.report.export;

import dev.cloudsift.core.Nullable;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/** One hunt finding as the exports carry it: the rule, its level and ATT&CK tags, and the events it matched. */
public record ExportFinding(long findingId, String ruleId, String title, String level, List<String> tags,
        @Nullable String kind, @Nullable Instant time, @Nullable Instant firstTime, @Nullable String source,
        List<Long> rowIds, @Nullable String accountId, @Nullable String region, @Nullable String principal,
        @Nullable String srcIp, @Nullable String summary) {
    public ExportFinding {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(level, "level");
        tags = List.copyOf(tags);
        rowIds = List.copyOf(rowIds);
    }

    /** OCSF severity_id of a Sigma level: informational 1, low 2, medium 3, high 4, critical 5, anything else 0. */
    public static int severityId(@Nullable String level) {
        return switch (level == null ? "" : level.toLowerCase(Locale.ROOT)) {
            case "informational" -> 1;
            case "low" -> 2;
            case "medium" -> 3;
            case "high" -> 4;
            case "critical" -> 5;
            default -> 0;
        };
    }

    /** The ATT&CK ids among the tags: techniques as {@code T1562.008}, tactics as {@code TA0005}. */
    public List<String> attackIds() {
        return AttackTags.ids(tags);
    }
}
