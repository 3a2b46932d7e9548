package dev.cloudsift.store.enrich;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cloudsift.core.Nullable;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.Objects;
import org.duckdb.DuckDBConnection;

/**
 * Builds the {@code config_changes} table from the {@code config} table of a case: for each resource, what changed
 * between successive configuration items (JSON paths with old and new values and a one-line summary), and the
 * CloudTrail events that probably caused each change (write calls naming the resource in the 15 minutes before the
 * capture time). Runs after ingest and dedupe; calling it again rebuilds the table from scratch.
 */
public final class ConfigChanges {
    /** The table this class writes. */
    public static final String TABLE = "config_changes";
    /** How long before a capture time a CloudTrail call counts as a probable cause. */
    public static final int CAUSE_WINDOW_MINUTES = 15;

    private static final String CREATE = """
            CREATE OR REPLACE TABLE config_changes (
                resource_type VARCHAR,
                resource_id VARCHAR,
                account_id VARCHAR,
                region VARCHAR,
                from_time TIMESTAMP,
                to_time TIMESTAMP,
                from_state_id VARCHAR,
                to_state_id VARCHAR,
                change VARCHAR,
                path VARCHAR,
                old_value JSON,
                new_value JSON,
                summary VARCHAR,
                probable_cause_event_ids JSON)""";

    /**
     * Items in order per resource; one copy per configuration state (the same item can arrive as history, snapshot,
     * API output and notification), preferring the most complete copy. Left out: oversized-notification summaries
     * (no configuration: they would read as the configuration disappearing) and select-resource-config rows (only
     * the fields a query chose: comparing them with full items would report everything else as removed).
     */
    private static final String ITEMS = """
            SELECT account_id, resource_type, resource_id, region, capture_time, configuration_state_id, status,
                   CAST(configuration AS VARCHAR), CAST(supplementary_configuration AS VARCHAR),
                   CAST(tags AS VARCHAR), CAST(relationships AS VARCHAR)
            FROM config
            WHERE resource_id IS NOT NULL AND capture_time IS NOT NULL AND s3_location IS NULL
              AND shape IS DISTINCT FROM 'select'
            QUALIFY row_number() OVER (
                PARTITION BY account_id, resource_type, resource_id, coalesce(configuration_state_id, CAST(capture_time AS VARCHAR))
                ORDER BY configuration IS NULL, tags IS NULL, relationships IS NULL, row_id) = 1
            ORDER BY account_id, resource_type, resource_id, capture_time, TRY_CAST(configuration_state_id AS BIGINT)""";

    /** The parts of an item that are compared, in this order. */
    private static final java.util.List<String> SECTIONS =
            java.util.List.of("configuration", "supplementaryConfiguration", "tags", "relationships");

    private static final String INSERT = "INSERT INTO config_changes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '[]')";

    /** Write calls (not reads) naming the resource, as a quoted value or at the end of an ARN. */
    private static final String CAUSES = """
            UPDATE config_changes SET probable_cause_event_ids = causes.ids
            FROM (
                SELECT c.account_id, c.resource_type, c.resource_id, c.to_time,
                       to_json(list(t.event_id ORDER BY t.event_time DESC, t.event_id)) AS ids
                FROM (SELECT DISTINCT account_id, resource_type, resource_id, to_time FROM config_changes) c
                JOIN (SELECT event_time, event_id,
                             coalesce(CAST(request_parameters AS VARCHAR), '') || ' '
                             || coalesce(CAST(resources AS VARCHAR), '') || ' '
                             || coalesce(CAST(response_elements AS VARCHAR), '') AS mentions
                      FROM cloudtrail
                      WHERE event_id IS NOT NULL AND coalesce(read_only, false) = false) t
                  ON t.event_time BETWEEN c.to_time - INTERVAL %d MINUTE AND c.to_time
                 AND (contains(t.mentions, '"' || c.resource_id || '"')
                      OR contains(t.mentions, '/' || c.resource_id || '"')
                      OR contains(t.mentions, ':' || c.resource_id || '"'))
                GROUP BY ALL) causes
            WHERE config_changes.account_id IS NOT DISTINCT FROM causes.account_id
              AND config_changes.resource_type = causes.resource_type
              AND config_changes.resource_id = causes.resource_id
              AND config_changes.to_time = causes.to_time""".formatted(CAUSE_WINDOW_MINUTES);

    private ConfigChanges() {}

    /** (Re)creates {@code config_changes} from {@code config}; probable causes come from {@code cloudtrail} if present. */
    public static void rebuild(Connection connection) throws SQLException {
        Objects.requireNonNull(connection, "connection");
        try (Statement statement = connection.createStatement()) {
            statement.execute(CREATE);
        }
        if (!tableExists(connection, "config")) {
            return;
        }
        long changes = 0;
        // Reading and writing on one DuckDB connection at once is not supported: write through a twin connection.
        try (Connection writer = connection.unwrap(DuckDBConnection.class).duplicate();
             PreparedStatement insert = writer.prepareStatement(INSERT);
             Statement query = connection.createStatement();
             ResultSet items = query.executeQuery(ITEMS)) {
            Item previous = null;
            int batched = 0;
            while (items.next()) {
                Item item = Item.from(items);
                if (previous != null && previous.sameResource(item)) {
                    int rows = write(insert, previous, item);
                    batched += rows;
                    changes += rows;
                    if (batched >= 1000) {
                        insert.executeBatch();
                        batched = 0;
                    }
                }
                previous = item.baselineAfter(previous);
            }
            if (batched > 0) {
                insert.executeBatch();
            }
        }
        // with no change there is nothing to give a cause to: skip the join against every CloudTrail record
        if (changes > 0 && tableExists(connection, "cloudtrail")) {
            try (Statement statement = connection.createStatement()) {
                statement.execute(CAUSES);
            }
        }
    }

    private static int write(PreparedStatement insert, Item before, Item after) throws SQLException {
        int rows = 0;
        if (!Objects.equals(before.status, after.status) && !(before.isRecorded() && after.isRecorded())) {
            ObjectNode from = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            ObjectNode to = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            putText(from, before.status);
            putText(to, after.status);
            JsonDiff.Change change = new JsonDiff.Change(JsonDiff.Kind.CHANGED, "configurationItemStatus",
                    from.get("value"), to.get("value"));
            rows += insert(insert, before, after, change, ChangeSummaries.summarize(change, before.document, after.document));
        }
        if (after.isNotRecorded()) {
            // Not-recorded items carry no configuration; comparing it would read as everything being removed.
            return rows;
        }
        if (after.isDeleted()) {
            JsonNode configuration = before.document.get("configuration");
            if (configuration != null && !before.isDeleted()) {
                JsonDiff.Change removed = new JsonDiff.Change(JsonDiff.Kind.REMOVED, "configuration", configuration, null);
                rows += insert(insert, before, after, removed, ChangeSummaries.summarize(removed, before.document, after.document));
            }
            return rows;
        }
        for (String section : SECTIONS) {
            JsonNode old = before.document.get(section);
            JsonNode current = after.document.get(section);
            // A section one copy lacks is unknown there, not removed: batch-get items carry no tags or relationships.
            if ((old == null || current == null) && !before.isDeleted()) {
                continue;
            }
            JsonDiff.Result result = JsonDiff.diff(old, current, section);
            for (JsonDiff.Change change : result.changes()) {
                rows += insert(insert, before, after, change, ChangeSummaries.summarize(change, before.document, after.document));
            }
            if (result.truncated()) {
                JsonDiff.Change more = new JsonDiff.Change(JsonDiff.Kind.CHANGED, section, null, null);
                rows += insert(insert, before, after, more, "more than " + JsonDiff.MAX_CHANGES + " changes in " + section
                        + " between these two items; the rest are not listed");
            }
        }
        return rows;
    }

    private static void putText(ObjectNode node, @Nullable String value) {
        if (value == null) {
            node.putNull("value");
        } else {
            node.put("value", value);
        }
    }

    private static int insert(PreparedStatement insert, Item before, Item after, JsonDiff.Change change, String summary)
            throws SQLException {
        insert.setString(1, after.resourceType);
        insert.setString(2, after.resourceId);
        insert.setString(3, after.accountId);
        insert.setString(4, after.region);
        insert.setObject(5, before.captureTime);
        insert.setObject(6, after.captureTime);
        insert.setString(7, before.stateId);
        insert.setString(8, after.stateId);
        insert.setString(9, change.kind().columnValue());
        insert.setString(10, change.path());
        insert.setString(11, jsonText(change.oldValue()));
        insert.setString(12, jsonText(change.newValue()));
        insert.setString(13, summary);
        insert.addBatch();
        return 1;
    }

    private static @Nullable String jsonText(@Nullable JsonNode value) {
        return value == null || value.isNull() ? null : value.toString();
    }

    private static boolean tableExists(Connection connection, String table) throws SQLException {
        DatabaseMetaData metadata = connection.getMetaData();
        try (ResultSet tables = metadata.getTables(null, null, table, null)) {
            return tables.next();
        }
    }

    /** One configuration item as compared: what identifies it, and the document whose paths the changes name. */
    private static final class Item {
        private String accountId;
        private String resourceType;
        private String resourceId;
        private String region;
        private LocalDateTime captureTime;
        private String stateId;
        private String status;
        private ObjectNode document;

        static Item from(ResultSet row) throws SQLException {
            Item item = new Item();
            item.accountId = row.getString(1);
            item.resourceType = row.getString(2);
            item.resourceId = row.getString(3);
            item.region = row.getString(4);
            item.captureTime = row.getObject(5, LocalDateTime.class);
            item.stateId = row.getString(6);
            item.status = row.getString(7);
            item.document = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            item.put("configuration", row.getString(8));
            item.put("supplementaryConfiguration", row.getString(9));
            item.put("tags", row.getString(10));
            item.put("relationships", row.getString(11));
            return item;
        }

        private void put(String name, @Nullable String json) throws SQLException {
            if (json == null) {
                return;
            }
            try {
                JsonNode value = EmbeddedJson.parse(json);
                if (value != null) {
                    document.set(name, value);
                }
            } catch (JsonProcessingException e) {
                throw new SQLException("config." + name + " of " + resourceType + " " + resourceId + " at "
                        + captureTime + " is not valid JSON: " + EmbeddedJson.error(e), e);
            }
        }

        boolean sameResource(Item other) {
            return Objects.equals(accountId, other.accountId) && Objects.equals(resourceType, other.resourceType)
                    && Objects.equals(resourceId, other.resourceId);
        }

        /** OK and ResourceDiscovered both mean a recorded, existing resource: a move between them is no news. */
        boolean isRecorded() {
            return "OK".equals(status) || "ResourceDiscovered".equals(status);
        }

        boolean isDeleted() {
            return status != null && status.startsWith("ResourceDeleted");
        }

        boolean isNotRecorded() {
            return status != null && status.endsWith("NotRecorded");
        }

        /**
         * The item the next one is compared with. A not-recorded item has no configuration, so the last recorded
         * document stays the baseline while the status moves on.
         */
        Item baselineAfter(@Nullable Item previous) {
            if (!isNotRecorded() || previous == null || !previous.sameResource(this)) {
                return this;
            }
            Item baseline = new Item();
            baseline.accountId = accountId;
            baseline.resourceType = resourceType;
            baseline.resourceId = resourceId;
            baseline.region = region;
            baseline.captureTime = captureTime;
            baseline.stateId = stateId;
            baseline.status = status;
            baseline.document = previous.document;
            return baseline;
        }
    }
}
