package dev.cloudsift.detect;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.cloudsift.core.Json;
import dev.cloudsift.core.Nullable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

/**
 * Writes findings rows: detection findings in one INSERT ... SELECT per rule, correlation and first-seen findings in
 * batches (written by {@link #flush} or {@link #close}).
 */
final class FindingWriter implements AutoCloseable {
    private static final String COLUMNS = "(finding_id, rule_id, title, level, tags, kind, rule_file, time, "
            + "first_time, source, row_ids, event_ids, account_id, region, principal, src_ip, summary, group_by, counts, ingest_id)";

    private final Connection connection;
    private final PreparedStatement insert;
    private final @Nullable Long ingestId;
    /** What the summaries' CloudTrail targets are read from: the table, a copy of its matched rows, or nothing. */
    private final @Nullable String cloudTrail;
    /** The copy of the matched rows' events detection findings read. */
    private final String events;
    private long nextId;
    private int pending;
    private static final int BATCH = 1_000;

    /** The {@code events} columns detection findings read from matched rows. */
    static final List<String> EVENT_COLUMNS = List.of("row_id", "event_time", "source", "event_id", "account_id",
            "region", "principal", "src_ip", "message", "action");

    /** The CloudTrail columns {@link #TARGETS} reads, for a copy of the matched rows to hold. */
    static final List<String> TARGET_COLUMNS = List.of("request_parameters", "response_elements", "recipient_account_id");

    /** @param ingestId the last ingest of data the findings are computed over (null: unknown) */
    FindingWriter(Connection connection, @Nullable Long ingestId) throws SQLException {
        this(connection, ingestId, Map.of());
    }

    /**
     * As {@link #FindingWriter(Connection, Long)}, reading CloudTrail's columns from {@code copies} (the
     * matched rows, see {@link DetectionRunner#keepMatchedRows}) when it names a copy of {@code cloudtrail}.
     */
    FindingWriter(Connection connection, @Nullable Long ingestId, Map<String, String> copies) throws SQLException {
        this(connection, ingestId, copies, DetectionRunner.MATCHED_EVENTS);
    }

    /**
     * As {@link #FindingWriter(Connection, Long, Map)}, reading the matched rows' events from {@code events} (see
     * {@link DetectionRunner#keepFindingRows}).
     */
    FindingWriter(Connection connection, @Nullable Long ingestId, Map<String, String> copies, String events)
            throws SQLException {
        this.connection = connection;
        this.ingestId = ingestId;
        this.events = events;
        this.cloudTrail = copies.containsKey("cloudtrail") ? copies.get("cloudtrail")
                : dev.cloudsift.store.CaseSchema.exists(connection, "cloudtrail") ? "cloudtrail" : null;
        this.insert = connection.prepareStatement("INSERT INTO findings " + COLUMNS
                + " VALUES (?, ?, ?, ?, CAST(? AS JSON), ?, ?, ?, ?, ?, CAST(? AS JSON), CAST(? AS JSON), ?, ?, ?, ?, "
                + "?, CAST(? AS JSON), CAST(? AS JSON), ?)");
        try (Statement statement = connection.createStatement();
             ResultSet max = statement.executeQuery("SELECT coalesce(max(finding_id), 0) FROM findings")) {
            max.next();
            nextId = max.getLong(1) + 1;
        }
    }

    /**
     * What a CloudTrail call acted on, in words, for the summary: the user, role, group and policy it names, the
     * accounts a snapshot or image was shared with, and the account it was made in. Each part is NULL when absent,
     * and concat_ws leaves NULLs out.
     */
    private static final String TARGETS = """
            'user ' || json_extract_string(c.request_parameters, '$.userName'),
            'role ' || json_extract_string(c.request_parameters, '$.roleName'),
            'group ' || json_extract_string(c.request_parameters, '$.groupName'),
            'policy ' || coalesce(json_extract_string(c.request_parameters, '$.policyArn'),
                json_extract_string(c.request_parameters, '$.policyName')),
            'new key ' || json_extract_string(c.response_elements, '$.accessKey.accessKeyId'),
            'shared with account ' || nullif(array_to_string(list_distinct(list_concat(
                json_extract_string(c.request_parameters, '$.createVolumePermission.add.items[*].userId'),
                json_extract_string(c.request_parameters, '$.launchPermission.add.items[*].userId'))), ', '), ''),
            'in account ' || c.recipient_account_id""";

    /** One finding per matched event of a detection rule; returns how many were written. */
    long detection(RuleMetadata rule, int index) throws SQLException {
        flush();
        boolean cloudTrail = this.cloudTrail != null;
        // numbered in row order, so the same matches get the same ids however the rules were evaluated
        String sql = "INSERT INTO findings " + COLUMNS + " SELECT ? + row_number() OVER (ORDER BY m.row_id) - 1, ?, ?, ?, "
                + "CAST(? AS JSON), 'detection', ?, e.event_time, e.event_time, e.source, "
                + "to_json([e.row_id]), CASE WHEN e.event_id IS NULL THEN '[]'::JSON ELSE to_json([e.event_id]) END, "
                + "e.account_id, e.region, e.principal, e.src_ip, "
                + "concat_ws('; ', coalesce(e.message, concat_ws(' ', e.source, e.action, 'by', coalesce(e.principal, '?')))"
                + (cloudTrail ? ", " + TARGETS : "") + "), "
                + "NULL, NULL, ? FROM " + DetectionRunner.MATCHES + " m JOIN " + events
                + " e ON e.row_id = m.row_id "
                + (cloudTrail ? "LEFT JOIN " + this.cloudTrail
                        // an equality alone: with the source test beside it DuckDB joins by nested loop
                        + " c ON c.row_id = CASE WHEN e.source = 'cloudtrail' THEN e.row_id END " : "")
                + "WHERE m.rule_index = ?";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, nextId);
            statement.setString(2, rule.reference());
            statement.setString(3, rule.title());
            statement.setString(4, rule.level());
            statement.setString(5, json(rule.tags()));
            statement.setString(6, rule.sourceFile());
            statement.setObject(7, ingestId);
            statement.setInt(8, index);
            long written = statement.executeUpdate();
            nextId += written;
            return written;
        }
    }

    /** A finding of a correlation or first-seen rule. */
    void aggregate(RuleMetadata rule, String kind, @Nullable LocalDateTime time, @Nullable LocalDateTime firstTime,
                   @Nullable String source, List<Long> rowIds, List<String> eventIds, @Nullable String accountId,
                   @Nullable String region, @Nullable String principal, @Nullable String srcIp, String summary,
                   Map<String, String> groupBy, Map<String, Object> counts) throws SQLException {
        insert.setLong(1, nextId++);
        insert.setString(2, rule.reference());
        insert.setString(3, rule.title());
        insert.setString(4, rule.level());
        insert.setString(5, json(rule.tags()));
        insert.setString(6, kind);
        insert.setString(7, rule.sourceFile());
        insert.setObject(8, time);
        insert.setObject(9, firstTime);
        insert.setString(10, source);
        insert.setString(11, json(rowIds));
        insert.setString(12, json(eventIds));
        insert.setString(13, accountId);
        insert.setString(14, region);
        insert.setString(15, principal);
        insert.setString(16, srcIp);
        insert.setString(17, summary);
        insert.setString(18, json(groupBy));
        insert.setString(19, json(counts));
        insert.setObject(20, ingestId);
        insert.addBatch();
        if (++pending == BATCH) {
            flush();
        }
    }

    /**
     * Writes the findings {@link #aggregate} collected, in one transaction: committing each row alone cost a
     * correlation with a thousand firings far more than finding them.
     */
    void flush() throws SQLException {
        if (pending == 0) {
            return;
        }
        pending = 0;
        OneTransaction.executeBatch(connection, insert);
    }

    static String json(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws SQLException {
        try {
            flush();
        } finally {
            insert.close();
        }
    }
}
