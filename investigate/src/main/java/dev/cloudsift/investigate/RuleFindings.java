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

    /** Findings grouped by rule (id and title), most severe first, then the most frequent; entities are left empty. */
    public static List<RuleFindings> group(List<Finding> findings) {
        java.util.Map<List<String>, List<Finding>> byRule = new java.util.LinkedHashMap<>();
        for (Finding finding : findings) {
            byRule.computeIfAbsent(List.of(finding.ruleId(), finding.title()), k -> new java.util.ArrayList<>()).add(finding);
        }
        List<RuleFindings> groups = new java.util.ArrayList<>();
        for (List<Finding> same : byRule.values()) {
            Instant first = same.stream().map(Finding::time).filter(Objects::nonNull).min(Instant::compareTo).orElse(null);
            Instant last = same.stream().map(Finding::time).filter(Objects::nonNull).max(Instant::compareTo).orElse(null);
            Finding one = same.get(0);
            groups.add(new RuleFindings(one.ruleId(), one.title(), one.level(), same.size(), first, last, List.of(), List.of(),
                    one.summary()));
        }
        groups.sort(java.util.Comparator.comparingInt((RuleFindings rule) -> Finding.severityRank(rule.level()))
                .thenComparing(RuleFindings::count, java.util.Comparator.reverseOrder())
                .thenComparing(rule -> rule.first() == null ? Instant.MAX : rule.first()));
        return groups;
    }
}
