package dev.cloudsift.detect;

import dev.cloudsift.core.Nullable;
import java.util.List;
import java.util.Objects;

/** One rule as the loader saw it: what it is, whether it loaded, and why not. Nothing is dropped silently. */
public final class LoadedRule {
    /** Whether a rule can run. */
    public enum Status { OK, ERROR, UNSUPPORTED }

    /** What kind of document a rule is. */
    public enum Kind { DETECTION, CORRELATION, FIRST_SEEN, FILTER }

    private final RuleMetadata metadata;
    private final Kind kind;
    private final Status status;
    private final @Nullable String reason;
    private final List<String> warnings;
    private final @Nullable Rule rule;
    private final boolean standalone;

    LoadedRule(RuleMetadata metadata, Kind kind, Status status, @Nullable String reason, List<String> warnings,
               @Nullable Rule rule, boolean standalone) {
        this.metadata = Objects.requireNonNull(metadata, "metadata");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.status = Objects.requireNonNull(status, "status");
        this.reason = reason;
        this.warnings = List.copyOf(warnings);
        this.rule = rule;
        this.standalone = standalone;
    }

    static LoadedRule ok(Rule rule, Kind kind, List<String> warnings, boolean standalone) {
        return new LoadedRule(rule.metadata(), kind, Status.OK, null, warnings, rule, standalone);
    }

    static LoadedRule failed(RuleMetadata metadata, Kind kind, Status status, String reason, List<String> warnings) {
        return new LoadedRule(metadata, kind, status, reason, warnings, null, false);
    }

    public RuleMetadata metadata() {
        return metadata;
    }

    public String id() {
        return metadata.reference();
    }

    public String title() {
        return metadata.title();
    }

    public String level() {
        return metadata.level();
    }

    public List<String> tags() {
        return metadata.tags();
    }

    public String sourceFile() {
        return metadata.sourceFile();
    }

    public Kind kind() {
        return kind;
    }

    public Status status() {
        return status;
    }

    /** Why the rule did not load (null when it did). */
    public @Nullable String reason() {
        return reason;
    }

    /** Things worth knowing about a loaded rule (a field looked up in the record's other fields, a filter applied). */
    public List<String> warnings() {
        return warnings;
    }

    /** Whether the rule raises findings of its own (false for rules only a correlation uses). */
    public boolean standalone() {
        return standalone;
    }

    @Nullable Rule rule() {
        return rule;
    }

    LoadedRule with(Rule replacement, List<String> moreWarnings, boolean isStandalone) {
        List<String> all = new java.util.ArrayList<>(warnings);
        all.addAll(moreWarnings);
        return new LoadedRule(replacement.metadata(), kind, status, reason, all, replacement, isStandalone);
    }

    LoadedRule failWith(Status newStatus, String why) {
        return new LoadedRule(metadata, kind, newStatus, why, warnings, null, false);
    }

    @Override
    public String toString() {
        return metadata.reference() + " [" + status + (reason == null ? "" : ": " + reason) + "]";
    }
}
