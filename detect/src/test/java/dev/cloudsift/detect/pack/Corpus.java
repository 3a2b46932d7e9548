package dev.cloudsift.detect.pack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The shared conformance corpus beside the repository (../shared/corpus), also found from a worktree of it. */
final class Corpus {
    private Corpus() {}

    static Path path(String relative) {
        Path root = Path.of(System.getProperty("cloudsift.root", "..")).toAbsolutePath().normalize();
        // a git worktree under <repository>/../wt/<name> sits one level deeper than the main checkout
        for (Path candidate : List.of(root.resolve("../shared/corpus"), root.resolve("../../shared/corpus"))) {
            Path resolved = candidate.resolve(relative).normalize();
            if (Files.exists(resolved)) {
                return resolved;
            }
        }
        throw new IllegalStateException("conformance corpus not found for " + relative + " next to " + root);
    }
}
