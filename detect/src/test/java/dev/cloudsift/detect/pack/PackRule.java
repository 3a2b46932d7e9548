package dev.cloudsift.detect.pack;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One rule file of the built-in pack as its YAML says it (the correlation or detection that raises findings, not the
 * building blocks a correlation file carries before it).
 *
 * @param resource path relative to the rules folder, as listed in index.txt (e.g. {@code cloudtrail/x.yml})
 */
public record PackRule(String resource, String service, String shortName, String id, String title, String status,
                       String level, String description, String author, List<String> tags,
                       List<String> falsePositives, List<String> references, boolean correlation,
                       List<String> buildingBlocks) {
    public PackRule {
        Objects.requireNonNull(resource, "resource");
        tags = List.copyOf(tags);
        falsePositives = List.copyOf(falsePositives);
        references = List.copyOf(references);
        buildingBlocks = List.copyOf(buildingBlocks);
    }

    /** ATT&CK technique ids among the tags, upper-case ({@code attack.t1098.001} gives {@code T1098.001}). */
    public List<String> techniques() {
        return tags.stream().filter(tag -> tag.matches("attack\\.t\\d{4}(\\.\\d{3})?"))
                .map(tag -> tag.substring("attack.".length()).toUpperCase(java.util.Locale.ROOT)).toList();
    }

    /** The folder holding this rule's native test events: {@code <service>/<short_name>/}. */
    public Path caseFolder(Path casesRoot) {
        return casesRoot.resolve(service).resolve(shortName);
    }

    @Override
    public String toString() {
        return title;
    }
}
