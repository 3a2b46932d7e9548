package dev.cloudsift.store.evidence;

import dev.cloudsift.store.CaseStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Re-hashes every evidence file of a case (copies in the evidence folder, referenced originals in place) and
 * every table part the catalogue records with a hash, and reports what is missing or changed.
 */
public final class EvidenceCheck {
    /** The catalogue table of the case's Parquet parts, with each part's SHA-256 recorded when it was committed. */
    static final String PARTS_TABLE = "parts";

    private final CaseStore store;
    private final EvidenceStore evidence;

    public EvidenceCheck(CaseStore store) {
        this.store = Objects.requireNonNull(store, "store");
        this.evidence = new EvidenceStore(store.evidenceRoot());
    }

    /** One file that failed the check. */
    public record Problem(String file, String reason) {}

    /** What was checked: evidence files, referenced originals, table parts, bytes hashed, and what failed. */
    public record Result(int copies, int references, int parts, long bytes, List<Problem> problems) {
        public boolean clean() {
            return problems.isEmpty();
        }
    }

    public Result run() throws SQLException {
        int copies = 0;
        int references = 0;
        int parts = 0;
        long bytes = 0;
        List<Problem> problems = new ArrayList<>();
        try (Statement statement = store.connection().createStatement();
             ResultSet rows = statement.executeQuery("""
                     SELECT evidence_sha256, any_value(evidence_mode), any_value(original_path), count(*)
                     FROM ingest_files WHERE evidence_sha256 IS NOT NULL
                     GROUP BY evidence_sha256, evidence_mode = 'reference' ORDER BY 1""")) {
            while (rows.next()) {
                String sha256 = rows.getString(1);
                EvidenceMode mode = EvidenceMode.fromColumn(rows.getString(2));
                Path file = mode == EvidenceMode.COPY ? evidence.pathOf(sha256) : Path.of(rows.getString(3));
                String label = mode == EvidenceMode.COPY ? "evidence " + sha256 + " (of " + rows.getString(3) + ")"
                        : "referenced original " + file;
                if (mode == EvidenceMode.COPY) {
                    copies++;
                } else {
                    references++;
                }
                bytes += check(file, sha256, label, problems);
            }
        } catch (SQLException e) {
            if (String.valueOf(e.getMessage()).contains("evidence_")) {
                problems.add(new Problem(store.folder().toString(), "the case was written before Cloudsift kept original "
                        + "bytes: it holds no evidence to verify"));
                return new Result(0, 0, 0, 0, problems);
            }
            throw e;
        }
        // Every committed part (table rows and dedupe keys) is listed with its hash, path relative to the case
        // folder, and is re-hashed like evidence.
        if (store.tableExists(PARTS_TABLE)) {
            Path folder = store.folder().toAbsolutePath();
            try (Statement statement = store.connection().createStatement();
                 ResultSet rows = statement.executeQuery("SELECT path, sha256 FROM " + PARTS_TABLE
                         + " WHERE sha256 IS NOT NULL ORDER BY path")) {
                while (rows.next()) {
                    parts++;
                    bytes += check(folder.resolve(rows.getString(1)), rows.getString(2), "part " + rows.getString(1), problems);
                }
            }
        }
        return new Result(copies, references, parts, bytes, List.copyOf(problems));
    }

    /** Hashes one file; returns its size, or adds a problem. */
    private static long check(Path file, String expected, String label, List<Problem> problems) {
        if (!Files.isRegularFile(file)) {
            problems.add(new Problem(label, "missing: " + file));
            return 0;
        }
        try {
            EvidenceStore.Kept now = EvidenceStore.hash(Files.newInputStream(file));
            if (!now.sha256().equals(expected)) {
                problems.add(new Problem(label, "changed: SHA-256 is now " + now.sha256() + ", recorded " + expected));
            }
            return now.size();
        } catch (IOException e) {
            problems.add(new Problem(label, "cannot read: " + e.getMessage()));
            return 0;
        }
    }
}
