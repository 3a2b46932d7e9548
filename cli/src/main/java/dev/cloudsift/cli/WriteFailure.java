package dev.cloudsift.cli;

import dev.cloudsift.store.CaseStoreException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Locale;

/**
 * Says in plain words that writing the case failed for want of space (or an I/O error) and that the ingest was
 * rolled back. DuckDB reports a full disk at commit as a transaction error ("cannot commit - no transaction is
 * active", or "Failed to commit: ... Could not write file"), which reads like a bug rather than a full disk.
 */
final class WriteFailure {
    private WriteFailure() {}

    /** The analyst's message for {@code error}, or null when it is not a storage failure. */
    static CaseStoreException describe(SQLException error, Path caseFile) {
        String message = error.getMessage() == null ? "" : error.getMessage();
        String lower = message.toLowerCase(Locale.ROOT);
        String cause;
        if (lower.contains("no space left") || lower.contains("file too large") || lower.contains("disk quota")) {
            cause = "the disk is full (or a file size or quota limit was reached)";
        } else if (lower.contains("could not write") || lower.contains("io error") || lower.contains("i/o error")) {
            cause = "an I/O error";
        } else {
            return null;
        }
        return new CaseStoreException("cannot write the case " + caseFile + ": " + cause + " (" + message.strip()
                + "); the ingest was rolled back and the case is unchanged", error);
    }
}
