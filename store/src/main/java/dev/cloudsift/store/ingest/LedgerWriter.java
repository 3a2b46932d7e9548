package dev.cloudsift.store.ingest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cloudsift.core.Json;
import dev.cloudsift.store.CaseSchema;
import dev.cloudsift.store.Version;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.sql.Statement;
import java.sql.ResultSet;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.duckdb.DuckDBConnection;

/** Writes the ledger: one {@code ingest_files} row per file and one {@code ingests} row per run. */
final class LedgerWriter {
    private static final List<TableBatch.BatchColumn> FILE_COLUMNS = CaseSchema.INGEST_FILE_COLUMNS.stream()
            .map(declaration -> declaration.split(" "))
            .map(parts -> new TableBatch.BatchColumn(parts[0], TableBatch.Kind.valueOf(parts[1])))
            .toList();

    private final Connection connection;

    LedgerWriter(Connection connection) {
        this.connection = connection;
    }

    void write(int ingestId, Instant started, Instant finished, IngestOptions options, List<FileResult> results)
            throws SQLException {
        // One insert for all files: row by row, DuckDB takes about half a millisecond per file.
        try (TableBatch files = new TableBatch("ingest_files", FILE_COLUMNS, TableBatch.allocator())) {
            for (FileResult r : results) {
                files.setInt(0, r.fileId());
                files.setInt(1, ingestId);
                files.setString(2, r.path());
                files.setLong(3, r.size());
                files.setString(4, r.sha256());
                files.setString(5, r.contentSha256());
                files.setLong(6, r.contentBytes());
                files.setString(7, r.compression());
                files.setString(8, r.format());
                files.setString(9, r.source());
                files.setString(10, r.status().columnValue());
                files.setString(11, r.error());
                files.setLong(12, r.read());
                files.setLong(13, r.stored());
                files.setLong(14, r.duplicates());
                files.setLong(15, r.quarantined());
                files.setLong(16, r.skipped());
                files.setString(17, reasons(r.skippedReasons()));
                files.setInstant(18, r.minTime());
                files.setInstant(19, r.maxTime());
                files.setString(20, r.hints().accountId());
                files.setString(21, r.hints().region());
                if (r.hints().date() != null) {
                    files.setEpochDay(22, Math.toIntExact(r.hints().date().toEpochDay()));
                }
                files.setString(23, r.hints().organizationId());
                files.setString(24, r.hints().service());
                if (r.sameAsFileId() != null) {
                    files.setInt(25, r.sameAsFileId());
                }
                files.setInstant(26, finished);
                if (r.evidence() != null) {
                    files.setString(27, r.evidence().sha256());
                    files.setString(28, r.evidence().member());
                    files.setString(29, r.evidence().mode().columnValue());
                    files.setString(30, r.evidence().originalPath());
                    files.setLong(31, r.evidence().originalSize());
                    files.setInstant(32, r.evidence().originalMtime());
                    files.setString(33, r.evidence().originalEtag());
                    files.setString(34, r.evidence().originalVersionId());
                }
                files.endRow();
            }
            files.insertInto(connection.unwrap(DuckDBConnection.class));
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO ingests VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ArrayNode inputs = JsonNodeFactory.instance.arrayNode();
            options.inputs().stream().map(Path::toString).forEach(inputs::add);
            ObjectNode formatOptions = JsonNodeFactory.instance.objectNode();
            options.formatOptions().forEach(formatOptions::put);
            insert.setInt(1, ingestId);
            setInstant(insert, 2, started);
            setInstant(insert, 3, finished);
            insert.setString(4, Version.current());
            insert.setString(5, inputs.toString());
            insert.setString(6, formatOptions.toString());
            insert.setLong(7, results.size());
            insert.setLong(8, results.stream().mapToLong(FileResult::read).sum());
            insert.setLong(9, results.stream().mapToLong(FileResult::stored).sum());
            insert.setLong(10, results.stream().mapToLong(FileResult::duplicates).sum());
            insert.setLong(11, results.stream().mapToLong(FileResult::quarantined).sum());
            insert.setLong(12, results.stream().mapToLong(FileResult::skipped).sum());
            insert.executeUpdate();
        }
    }

    private static String reasons(Map<String, Long> reasons) {
        if (reasons.isEmpty()) {
            return null;
        }
        ObjectNode node = Json.MAPPER.createObjectNode();
        reasons.forEach(node::put);
        return node.toString();
    }

    private static void setInstant(PreparedStatement statement, int index, Instant instant) throws SQLException {
        if (instant == null) {
            statement.setNull(index, Types.TIMESTAMP);
        } else {
            statement.setObject(index, java.time.LocalDateTime.ofInstant(instant, java.time.ZoneOffset.UTC));
        }
    }

    /** Hashes of files whose content the case already read, with the first file that had them (re-ingest adds nothing). */
    static Map<String, Integer> knownHashes(Connection connection) throws SQLException {
        Map<String, Integer> known = new HashMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT sha256, min(file_id) FROM ingest_files WHERE sha256 IS NOT NULL "
                     + "AND status IN ('ok', 'partial', 'skipped', 'empty') GROUP BY sha256")) {
            while (result.next()) {
                known.put(result.getString(1), result.getInt(2));
            }
        }
        return known;
    }
}
