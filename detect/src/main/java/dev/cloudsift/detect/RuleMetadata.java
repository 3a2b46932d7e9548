package dev.cloudsift.detect;

import dev.cloudsift.core.Nullable;
import java.util.List;
import java.util.Objects;

/** What a rule says about itself: identity, title, level, tags and the file it came from. */
public record RuleMetadata(@Nullable String id, @Nullable String name, String title, String level,
                           @Nullable String status, @Nullable String description, List<String> tags,
                           String sourceFile) {
    public RuleMetadata {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(level, "level");
        tags = List.copyOf(tags);
        Objects.requireNonNull(sourceFile, "sourceFile");
    }

    /** The id, else the name, else the title: what findings and messages call the rule. */
    public String reference() {
        return id != null ? id : name != null ? name : title;
    }

    /** The ATT&CK technique ids among the tags ({@code attack.t1098.001} gives {@code T1098.001}). */
    public List<String> attackTechniques() {
        return tags.stream().filter(tag -> tag.matches("(?i)attack\\.t\\d{4}(\\.\\d{3})?"))
                .map(tag -> tag.substring("attack.".length()).toUpperCase(java.util.Locale.ROOT)).toList();
    }
}
