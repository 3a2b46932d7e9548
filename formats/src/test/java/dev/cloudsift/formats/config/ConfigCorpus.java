package dev.cloudsift.formats.config;

import dev.cloudsift.formats.testing.GoldenFiles;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the shared corpus from a git worktree too: {@link GoldenFiles#corpus} looks next to the repository root,
 * and a worktree sits one level deeper than the main checkout, so look further up when it is not there.
 */
final class ConfigCorpus {
    private ConfigCorpus() {}

    static Path path(String relative) {
        Path direct = GoldenFiles.corpus(relative);
        if (Files.exists(direct)) {
            return direct;
        }
        for (Path dir = Path.of(System.getProperty("cloudsift.root", ".")).toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/corpus").resolve(relative);
            if (Files.exists(candidate)) {
                return candidate;
            }
        }
        return direct;
    }
}
