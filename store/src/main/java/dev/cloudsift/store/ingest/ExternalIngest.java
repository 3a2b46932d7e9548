package dev.cloudsift.store.ingest;

import dev.cloudsift.core.Nullable;
import dev.cloudsift.store.CaseParts;
import dev.cloudsift.store.CaseStore;
import dev.cloudsift.store.Compaction;
import dev.cloudsift.store.PartLayout;
import dev.cloudsift.store.enrich.CaseEnricher;
import dev.cloudsift.store.enrich.CaseEnrichers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Commits an ingest whose parts another engine wrote (a Spark job): the parts staged in a folder laid out like
 * the case, the ledger lines of its files and its quarantined records as a Parquet file. Parts, keys, ledger,
 * quarantine and views commit in one catalogue transaction, as a local ingest's do; the enrichers and the
 * automatic compaction then run as after a local ingest.
 */
public final class ExternalIngest {
    private final CaseStore store;

    public ExternalIngest(CaseStore store) {
        this.store = store;
    }

    /** The id the next ingest gets. */
    public int nextIngestId() throws SQLException {
        return (int) store.scalarLong("SELECT coalesce(max(ingest_id), 0) + 1 FROM ingests");
    }

    /** The id the next file gets. */
    public int nextFileId() throws SQLException {
        return (int) store.scalarLong("SELECT coalesce(max(file_id), 0) + 1 FROM ingest_files");
    }

    /** The first row id not yet handed out. */
    public long nextRowId() throws SQLException {
        String value = store.meta("next_row_id");
        return value == null ? 1 : Long.parseLong(value);
    }

    /** Hashes of files whose content the case already read, with the first file that had them (re-ingest adds nothing). */
    public Map<String, Integer> knownHashes() throws SQLException {
        return LedgerWriter.knownHashes(store.connection());
    }

    /** Absolute paths of the committed dedupe key parts ({@code dedupe_key, row_id, file_id}). */
    public List<Path> keyParts() throws SQLException {
        return CaseParts.paths(store.connection(), CaseParts.KEYS_TABLE).stream().map(store.folder()::resolve).toList();
    }

    /** Where an ingest's parts are staged: nothing reads there, and the next open for writing removes it. */
    public Path stagingFolder(int ingestId) {
        return store.folder().resolve(PartLayout.STAGING).resolve("external-" + ingestId);
    }

    /**
     * Commits the staged parts ({@code staged/tables/<table>/date=…/*.parquet}, {@code staged/keys/*.parquet}), the
     * ledger and the quarantined records ({@code quarantine}: Parquet files with the catalogue's quarantine columns,
     * or null), then runs the enrichers and the automatic compaction. Files in {@code staged} that are not Parquet
     * (an engine's markers and checksums) are dropped. Returns the warnings of what ran after the commit.
     */
    public List<String> commit(int ingestId, Instant started, IngestOptions options, List<FileResult> results, Path staged,
                               @Nullable List<Path> quarantine, long nextRowId) throws SQLException {
        dropNonParquet(staged);
        Connection connection = store.connection();
        List<FileResult> ordered = new ArrayList<>(results);
        ordered.sort(Comparator.comparingInt(FileResult::fileId));
        boolean committed = false;
        List<String> moved = List.of();
        connection.setAutoCommit(false);
        try {
            List<CaseParts.Part> parts = CaseParts.describeStaged(connection, staged, store.tables().values());
            moved = CaseParts.moveIntoCase(store.folder(), staged);
            CaseParts.record(connection, parts, ingestId);
            store.refreshViews();
            if (quarantine != null && !quarantine.isEmpty()) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("INSERT INTO quarantine SELECT file_id, path, \"offset\", line, reason, raw FROM read_parquet("
                            + CaseParts.fileList(quarantine) + ") ORDER BY file_id, \"offset\"");
                }
            }
            try (PreparedStatement meta = connection.prepareStatement("INSERT OR REPLACE INTO meta VALUES ('next_row_id', ?)")) {
                meta.setString(1, Long.toString(Math.max(nextRowId, nextRowId())));
                meta.executeUpdate();
            }
            new LedgerWriter(connection).write(ingestId, started, Instant.now(), options, ordered);
            connection.commit();
            committed = true;
        } finally {
            if (!committed) {
                try {
                    connection.rollback();
                } catch (SQLException ignored) {
                    // the failure in flight is the one to report
                }
                for (String path : moved) {
                    try {
                        Files.deleteIfExists(store.folder().resolve(path));
                    } catch (IOException ignored) {
                        // the next open for writing removes what no part lists
                    }
                }
            }
            connection.setAutoCommit(true);
            CaseParts.deleteTree(staged);
        }
        List<String> warnings = new ArrayList<>(store.warnings());
        for (CaseEnricher enricher : CaseEnrichers.all()) {
            try {
                enricher.enrich(connection);
            } catch (SQLException | RuntimeException e) {
                warnings.add(enricher.name() + " failed: " + e.getMessage());
            }
        }
        try {
            store.refreshEventsView();
        } catch (SQLException e) {
            warnings.add("views not refreshed after the enrichers: " + e.getMessage());
        }
        try {
            new Compaction(store).run(Compaction.AUTOMATIC_THRESHOLD);
        } catch (SQLException | RuntimeException e) {
            warnings.add("compaction failed (the case is unchanged; run cloudsift compact): " + e.getMessage());
        }
        return warnings;
    }

    private static void dropNonParquet(Path staged) {
        if (!Files.isDirectory(staged)) {
            return;
        }
        try (Stream<Path> files = Files.walk(staged)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (!file.getFileName().toString().endsWith(".parquet") || file.getFileName().toString().startsWith(".")) {
                    Files.delete(file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot tidy " + staged + ": " + e.getMessage(), e);
        }
    }
}
