package dev.cloudsift.core;

import java.util.Map;
import java.util.Objects;

/**
 * What a reader knows about the file it reads besides its bytes.
 *
 * @param path    display path (archive members as {@code archive.zip!/member})
 * @param hints   S3 key layout hints from the path
 * @param options user options by name (e.g. {@code vpcflow.format}); formats document the ones they read
 */
public record SourceContext(String path, PathHints hints, Map<String, String> options) {
    public SourceContext {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(hints, "hints");
        options = Map.copyOf(options);
    }

    public static SourceContext of(String path) {
        return new SourceContext(path, PathHints.fromPath(path), Map.of());
    }

    public @Nullable String option(String name) {
        return options.get(name);
    }
}
