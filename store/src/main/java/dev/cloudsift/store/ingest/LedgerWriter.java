package dev.cloudsift.store.ingest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cloudsift.core.Json;
import dev.cloudsift.store.Version;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Writes the ledger: one {@code ingest_files} row per file and one {@code ingests} row per run. */
final class LedgerWriter {
    private final Connection connection;

    LedgerWriter(Connection connection) {
        this.connection = connection;
    }

    void write(int ingestId, Instant started, Instant finished, IngestOptions options, List<FileResult> results)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO ingest_files VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (FileResult r : results) {
                int i = 1;
                insert.setInt(i++, r.fileId());
                insert.setInt(i++, ingestId);
                insert.setString(i++, r.path());
                insert.setLong(i++, r.size());
                insert.setString(i++, r.sha256());
                insert.setString(i++, r.contentSha256());
                insert.setLong(i++, r.contentBytes());
                insert.setString(i++, r.compression());
                insert.setString(i++, r.format());
                insert.setString(i++, r.source());
                insert.setString(i++, r.status().columnValue());
                insert.setString(i++, r.error());
                insert.setLong(i++, r.read());
                insert.setLong(i++, r.stored());
                insert.setLong(i++, r.duplicates());
                insert.setLong(i++, r.quarantined());
                insert.setLong(i++, r.skipped());
                insert.setString(i++, reasons(r.skippedReasons()));
                setInstant(insert, i++, r.minTime());
                setInstant(insert, i++, r.maxTime());
                insert.setString(i++, r.hints().accountId());
                insert.setString(i++, r.hints().region());
                if (r.hints().date() == null) {
                    insert.setNull(i++, Types.DATE);
                } else {
                    insert.setObject(i++, r.hints().date());
                }
                insert.setString(i++, r.hints().organizationId());
                insert.setString(i++, r.hints().service());
                if (r.sameAsFileId() == null) {
                    insert.setNull(i++, Types.INTEGER);
                } else {
                    insert.setInt(i++, r.sameAsFileId());
                }
                setInstant(insert, i, finished);
                insert.addBatch();
            }
            insert.executeBatch();
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
}
