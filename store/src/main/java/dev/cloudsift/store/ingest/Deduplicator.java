package dev.cloudsift.store.ingest;

import dev.cloudsift.core.TableSchema;
import dev.cloudsift.store.CaseParts;
import dev.cloudsift.store.PartLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Keeps one copy of each record before anything is committed, never by deleting from the case. A record is a
 * copy when a committed key part of the case holds its dedupe key, or when a record earlier in this ingest's
 * input order has it: files in the order of their sorted paths, records in their order in the file (the row ids
 * the writer handed out). The same inputs therefore keep the same copies however the parsing threads raced, and
 * another engine reading the same files can reproduce the choice. Keys are compared whole, by DuckDB, whose joins
 * and windows spill to disk: memory stays bounded however large the case grows. Within the ingest only the records
 * its {@link KeyFingerprints} nominated are compared, when they did not overflow; otherwise every key is grouped.
 */
final class Deduplicator {
    /**
     * Where the writer leaves the keys of each write, inside the ingest's staging folder: the case's key parts of
     * the ingest once the copies are out of them.
     */
    static final String FLUSHED_KEYS = PartLayout.KEYS;
    private static final String DUPLICATES = "cloudsift_duplicates";
    /** Files whose rows are all dropped: another file with the same bytes is kept instead. */
    private static final String DROPPED_FILES = "cloudsift_dropped_files";
    /** The row ids the fingerprints nominated as possible copies. */
    private static final String NOMINATED = "cloudsift_nominated";

    private final Connection connection;
    private final Path staging;

    Deduplicator(Connection connection, Path staging) {
        this.connection = connection;
        this.staging = staging;
    }

    /**
     * Finds the copies among the staged records and keeps their row ids in a temporary table for
     * {@link #removeFromStaged}; returns how many per file. The rows of {@code droppedFiles} take no part and are
     * removed whole.
     */
    Map<Integer, Long> find(List<FileResult> results, Set<Integer> droppedFiles, KeyFingerprints fingerprints)
            throws SQLException {
        Map<Integer, Long> perFile = new HashMap<>();
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE OR REPLACE TEMP TABLE " + DUPLICATES + " (row_id BIGINT, file_id INTEGER)");
            statement.execute("CREATE OR REPLACE TEMP TABLE " + DROPPED_FILES + " (file_id INTEGER)");
            if (!droppedFiles.isEmpty()) {
                statement.execute("INSERT INTO " + DROPPED_FILES + " VALUES " + droppedFiles.stream().map(id -> "(" + id + ")")
                        .collect(Collectors.joining(", ")));
            }
            List<Path> flushed = parquetFiles(staging.resolve(FLUSHED_KEYS));
            if (flushed.isEmpty()) {
                return perFile;
            }
            List<String> committed = CaseParts.paths(connection, CaseParts.KEYS_TABLE);
            long[] nominated = fingerprints.nominated();
            if (nominated != null && nominated.length == 0 && committed.isEmpty()) {
                // no two keys of the ingest share a fingerprint and the case holds none: no record is a copy
                return perFile;
            }
            statement.execute("CREATE OR REPLACE TEMP TABLE cloudsift_file_order (file_id INTEGER, rank INTEGER)");
            List<FileResult> ordered = new ArrayList<>(results);
            ordered.sort(Comparator.comparing(FileResult::path).thenComparingInt(FileResult::fileId));
            for (int from = 0; from < ordered.size(); from += 1000) {
                StringBuilder values = new StringBuilder("INSERT INTO cloudsift_file_order VALUES ");
                for (int i = from; i < Math.min(ordered.size(), from + 1000); i++) {
                    values.append(i == from ? "" : ", ").append('(').append(ordered.get(i).fileId()).append(", ").append(i).append(')');
                }
                statement.execute(values.toString());
            }
            String candidates = "fresh";
            if (nominated != null) {
                statement.execute("CREATE OR REPLACE TEMP TABLE " + NOMINATED + " (row_id BIGINT)");
                insertRowIds(statement, nominated);
                candidates = "(SELECT * FROM fresh SEMI JOIN " + NOMINATED + " n ON fresh.row_id = n.row_id)";
            }
            // Only keys seen more than once in this ingest need ranking: grouping by the whole key (of the nominated
            // records, or of all) finds them without sorting every key, and the window then orders just those few.
            String earlier = committed.isEmpty() ? "" : """
                    UNION
                    SELECT f.row_id, f.file_id FROM fresh f SEMI JOIN %s c ON f.dedupe_key = c.dedupe_key"""
                    .formatted(CaseParts.readParquet(committed));
            statement.execute("""
                    INSERT INTO %s
                    WITH fresh AS (
                      SELECT row_id, file_id, dedupe_key FROM %s
                      WHERE file_id NOT IN (SELECT file_id FROM %s)),
                    candidates AS (SELECT * FROM %s),
                    repeated AS (
                      SELECT dedupe_key FROM candidates GROUP BY dedupe_key HAVING count(*) > 1),
                    ranked AS (
                      SELECT f.row_id, f.file_id,
                             row_number() OVER (PARTITION BY f.dedupe_key ORDER BY o.rank, f.row_id) AS copy
                      FROM candidates f SEMI JOIN repeated r ON f.dedupe_key = r.dedupe_key
                      JOIN cloudsift_file_order o ON o.file_id = f.file_id)
                    SELECT row_id, file_id FROM ranked WHERE copy > 1
                    %s""".formatted(DUPLICATES, readAll(flushed), DROPPED_FILES, candidates, earlier));
            try (ResultSet result = statement.executeQuery("SELECT file_id, count(*) FROM " + DUPLICATES + " GROUP BY file_id")) {
                while (result.next()) {
                    perFile.put(result.getInt(1), result.getLong(2));
                }
            }
        }
        return perFile;
    }

    /**
     * Rewrites the staged parts and key parts that hold copies without them (a part left empty goes): the ingest's
     * key parts ({@code keys/part-<ingest>-k<n>.parquet}) then hold the keys of the records kept.
     */
    void removeFromStaged(Map<String, TableSchema> tables, boolean anyDuplicates) throws SQLException {
        String kept = "row_id NOT IN (SELECT row_id FROM " + DUPLICATES + ") AND file_id NOT IN (SELECT file_id FROM "
                + DROPPED_FILES + ")";
        try (Statement statement = connection.createStatement()) {
            if (anyDuplicates) {
                List<Path> folders = new ArrayList<>();
                for (TableSchema table : tables.values()) {
                    folders.add(staging.resolve(PartLayout.TABLES).resolve(table.name()));
                }
                folders.add(staging.resolve(FLUSHED_KEYS));
                for (Path folder : folders) {
                    List<Path> parts = parquetFiles(folder);
                    if (parts.isEmpty()) {
                        continue;
                    }
                    List<String> touched = new ArrayList<>();
                    try (ResultSet result = statement.executeQuery("SELECT DISTINCT filename FROM read_parquet(" + list(parts)
                            + ", filename = true, union_by_name = true) WHERE NOT (" + kept + ")")) {
                        while (result.next()) {
                            touched.add(result.getString(1));
                        }
                    }
                    for (String file : touched) {
                        rewriteWithout(statement, Path.of(file), kept);
                    }
                }
            }
            statement.execute("DROP TABLE IF EXISTS " + DUPLICATES);
            statement.execute("DROP TABLE IF EXISTS " + DROPPED_FILES);
            statement.execute("DROP TABLE IF EXISTS cloudsift_file_order");
            statement.execute("DROP TABLE IF EXISTS " + NOMINATED);
        }
    }

    private void rewriteWithout(Statement statement, Path part, String kept) throws SQLException {
        String name = part.getFileName().toString();
        Path rewritten = part.resolveSibling(name.substring(0, name.length() - ".parquet".length()) + "-d.parquet");
        long rows;
        try (ResultSet result = statement.executeQuery("SELECT count(*) FROM read_parquet(" + literal(part) + ") WHERE " + kept)) {
            result.next();
            rows = result.getLong(1);
        }
        if (rows > 0) {
            // The part is in time order already and a filtered scan of one file keeps it (insertion order is
            // preserved): sorting again had cost more than the rest of the rewrite. Encoded as the writer does.
            statement.execute("COPY (SELECT * FROM read_parquet(" + literal(part) + ") WHERE " + kept + ") TO "
                    + literal(rewritten) + " (FORMAT parquet, COMPRESSION zstd, COMPRESSION_LEVEL 1, DICTIONARY_SIZE_LIMIT "
                    + RowWriter.DICTIONARY_LIMIT + ")");
        }
        try {
            Files.delete(part);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove staged part " + part + ": " + e.getMessage(), e);
        }
    }

    private static void insertRowIds(Statement statement, long[] rowIds) throws SQLException {
        for (int from = 0; from < rowIds.length; from += 1000) {
            StringBuilder values = new StringBuilder("INSERT INTO " + NOMINATED + " VALUES ");
            for (int i = from; i < Math.min(rowIds.length, from + 1000); i++) {
                values.append(i == from ? "(" : ", (").append(rowIds[i]).append(')');
            }
            statement.execute(values.toString());
        }
    }

    private static String readAll(List<Path> files) {
        return "read_parquet(" + list(files) + ")";
    }

    private static String list(List<Path> files) {
        return CaseParts.fileList(files);
    }

    private static String literal(Path path) {
        return CaseParts.literal(path);
    }

    private static List<Path> parquetFiles(Path root) {
        return CaseParts.parquetFiles(root);
    }
}
