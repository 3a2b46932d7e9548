package dev.cloudsift.core.input;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * The files of the case an ingest writes into, which a folder being ingested may well contain: reading them would
 * ingest the case into itself. Covers the single-file case (its {@code .wal} and {@code .tmp} beside it) and any
 * case folder ({@code catalogue.duckdb} with {@code tables/}).
 */
final class OwnCaseFiles {
    private final Set<Path> files;

    OwnCaseFiles(Path caseFile) {
        if (caseFile == null) {
            this.files = Set.of();
            return;
        }
        Path absolute = caseFile.toAbsolutePath().normalize();
        Path parent = absolute.getParent();
        try {
            // The case file exists while it is written, so its folder's real path is known.
            parent = parent.toRealPath();
        } catch (IOException e) {
            // keep the normalised path: links in it only make a match less likely
        }
        String name = absolute.getFileName().toString();
        this.files = Set.of(parent.resolve(name), parent.resolve(name + ".wal"), parent.resolve(name + ".tmp"),
                parent.resolve(name + ".evidence"));
    }

    /** Whether {@code file} (a real path) is the case file or one of its companions. */
    boolean isCaseFile(Path file) {
        Path real;
        try {
            real = file.toRealPath();
        } catch (IOException e) {
            real = file.toAbsolutePath().normalize();
        }
        return files.contains(real) || (real.getParent() != null && files.contains(real.getParent()));
    }

    /** Whether {@code folder} is a case folder, or the case file's {@code .tmp} or {@code .evidence} folder. */
    boolean isCaseFolder(Path folder) {
        return files.contains(folder)
                || (Files.isRegularFile(folder.resolve("catalogue.duckdb")) && Files.isDirectory(folder.resolve("tables")));
    }
}
