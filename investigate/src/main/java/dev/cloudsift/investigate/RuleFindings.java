package dev.cloudsift.investigate;

import dev.cloudsift.core.Nullable;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The findings of one rule together: how many, when, the entities they name most and one summary to read.
 *
 * @param entities   the principals, access keys and addresses the findings name most, with counts
 * @param techniques ATT&CK technique ids of the rule's tags (upper case), in tag order
 * @param example    the summary of the rule's first finding
 */
public record RuleFindings(String ruleId, String title, String level, long count, @Nullable Instant first,
        @Nullable Instant last, List<Counted> entities, List<String> techniques, @Nullable String example) {
    public RuleFindings {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(level, "level");
        entities = List.copyOf(entities);
        techniques = List.copyOf(techniques);
    }
}
