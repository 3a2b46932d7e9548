package dev.cloudsift.core.input;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The files of the case an ingest writes into, which a folder being ingested may well contain: reading them would
 * ingest the case into itself. Covers everything inside the case's own folder (catalogue, parts, staging, evidence
 * copies being written) and any other case folder ({@code catalogue.duckdb} with {@code tables/}).
 */
final class OwnCaseFiles {
    private final Path root;

    OwnCaseFiles(Path caseFolder) {
        if (caseFolder == null) {
            this.root = null;
            return;
        }
        Path absolute = caseFolder.toAbsolutePath().normalize();
        try {
            // The case folder exists while it is written, so its real path is known.
            absolute = absolute.toRealPath();
        } catch (IOException e) {
            // keep the normalised path: links in it only make a match less likely
        }
        this.root = absolute;
    }

    /** Whether {@code file} is inside the case folder. */
    boolean isCaseFile(Path file) {
        if (root == null) {
            return false;
        }
        Path real;
        try {
            real = file.toRealPath();
        } catch (IOException e) {
            real = file.toAbsolutePath().normalize();
        }
        return real.startsWith(root);
    }

    /** Whether {@code folder} (a real path) is the case folder or inside it, or another case folder. */
    boolean isCaseFolder(Path folder) {
        return (root != null && folder.startsWith(root))
                || (Files.isRegularFile(folder.resolve("catalogue.duckdb")) && Files.isDirectory(folder.resolve("tables")));
    }
}
