package dev.cloudsift.store;

import dev.cloudsift.core.TableSchema;
import dev.cloudsift.store.summary.Summaries;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Merges the parts of a date partition into one, sorted by time. The new part is written under staging, moved
 * into place and listed in the same transaction that unlists the old ones; only then are the old files removed.
 * A run cut off at any point leaves either the old parts or the new one listed, and the next open for writing
 * removes whichever files are listed nowhere.
 */
public final class Compaction {
    /**
     * An ingest compacts a date partition of a table once it holds more parts than this, and the dedupe keys once
     * they hold the parts of more ingests than this (an ingest writes a key part per batch of keys).
     */
    public static final int AUTOMATIC_THRESHOLD = 24;

    /** What a run did. */
    public record Result(int partitions, long partsBefore, long partsAfter) {}

    private final CaseStore store;

    public Compaction(CaseStore store) {
        this.store = store;
    }

    /** Compacts every partition of the store's tables that holds more than {@code threshold} parts. */
    public Result run(int threshold) throws SQLException {
        Connection connection = store.connection();
        record Group(String table, String date, List<String> paths, int ingestId) {}
        List<Group> groups = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT table_name, date, list(path ORDER BY path), max(ingest_id) FROM parts
                GROUP BY table_name, date
                HAVING count(*) > 1
                   AND count(DISTINCT CASE WHEN table_name = ? THEN CAST(ingest_id AS VARCHAR) ELSE path END) > ?
                ORDER BY table_name, date""")) {
            statement.setString(1, CaseParts.KEYS_TABLE);
            statement.setInt(2, Math.max(1, threshold));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    List<String> paths = new ArrayList<>();
                    for (Object path : (Object[]) rows.getArray(3).getArray()) {
                        paths.add(path.toString());
                    }
                    groups.add(new Group(rows.getString(1), rows.getString(2), paths, rows.getInt(4)));
                }
            }
        }
        long before = 0;
        int done = 0;
        for (Group group : groups) {
            boolean keys = group.table().equals(CaseParts.KEYS_TABLE);
            TableSchema table = store.tables().get(group.table());
            if (table == null && !keys) {
                continue;
            }
            merge(table, group.date(), group.paths(), group.ingestId());
            before += group.paths().size();
            done++;
        }
        return new Result(done, before, done);
    }

    /** Merges parts of a table's date partition, or dedupe key parts when {@code table} is null. */
    private void merge(TableSchema table, String date, List<String> paths, int ingestId) throws SQLException {
        Connection connection = store.connection();
        Path folder = store.folder();
        Path staged = folder.resolve(PartLayout.STAGING).resolve("compact");
        CaseParts.deleteTree(staged);
        String name = "part-" + ingestId + "-c" + System.currentTimeMillis() + ".parquet";
        Path target = table == null ? staged.resolve(PartLayout.KEYS).resolve(name)
                : staged.resolve(PartLayout.TABLES).resolve(table.name()).resolve("date=" + date).resolve(name);
        try {
            Files.createDirectories(target.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + target.getParent() + ": " + e.getMessage(), e);
        }
        List<Path> old = paths.stream().map(folder::resolve).toList();
        String order = table == null ? "" : " ORDER BY " + PartLayout.timeExpression(table) + ", row_id";
        boolean autoCommit = connection.getAutoCommit();
        List<String> moved = List.of();
        boolean committed = false;
        try (Statement statement = connection.createStatement()) {
            statement.execute("COPY (SELECT * FROM read_parquet(" + CaseParts.fileList(old) + ", union_by_name = true)" + order
                    + ") TO " + CaseParts.literal(target) + " (FORMAT parquet, COMPRESSION zstd)");
            connection.setAutoCommit(false);
            List<CaseParts.Part> parts = CaseParts.describeStaged(connection, staged, table == null ? List.of() : List.of(table));
            moved = CaseParts.moveIntoCase(folder, staged);
            // the merged part holds the same rows: summaries computed from the old parts stay valid
            Map<String, String> summarised = Summaries.before(connection, date);
            try (PreparedStatement unlist = connection.prepareStatement("DELETE FROM parts WHERE path = ?")) {
                for (String path : paths) {
                    unlist.setString(1, path);
                    unlist.addBatch();
                }
                unlist.executeBatch();
            }
            CaseParts.record(connection, parts, ingestId);
            Summaries.carryOver(connection, date, summarised);
            store.refreshViews(table == null ? List.of() : List.of(table.name()));
            connection.commit();
            committed = true;
        } finally {
            if (!committed) {
                try {
                    connection.rollback();
                } catch (SQLException ignored) {
                    // the failure itself is reported
                }
                for (String path : moved) {
                    deleteQuietly(folder.resolve(path));
                }
            }
            connection.setAutoCommit(autoCommit);
            CaseParts.deleteTree(staged);
        }
        for (Path file : old) {
            deleteQuietly(file);
        }
        if (Files.isDirectory(folder.resolve(PartLayout.TABLES))) {
            CaseParts.removeEmptyFolders(folder.resolve(PartLayout.TABLES));
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // an unlisted file left behind is removed at the next open for writing
        }
    }
}
