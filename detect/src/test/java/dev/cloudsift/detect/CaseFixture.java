package dev.cloudsift.detect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cloudsift.core.Column;
import dev.cloudsift.core.IpAddresses;
import dev.cloudsift.core.Json;
import dev.cloudsift.formats.cloudtrail.CloudTrailTables;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real DuckDB case file with the {@code events} table and the {@code cloudtrail} table (schema from
 * {@link CloudTrailTables}), filled from CloudTrail JSON records the way the CloudTrail reader flattens them.
 */
final class CaseFixture implements AutoCloseable {
    private static final Map<String, String[]> PATHS = Map.ofEntries(
            Map.entry("event_version", new String[] {"eventVersion"}),
            Map.entry("event_source", new String[] {"eventSource"}),
            Map.entry("event_name", new String[] {"eventName"}),
            Map.entry("aws_region", new String[] {"awsRegion"}),
            Map.entry("source_ip_address", new String[] {"sourceIPAddress"}),
            Map.entry("user_agent", new String[] {"userAgent"}),
            Map.entry("error_code", new String[] {"errorCode"}),
            Map.entry("error_message", new String[] {"errorMessage"}),
            Map.entry("request_id", new String[] {"requestID"}),
            Map.entry("event_id", new String[] {"eventID"}),
            Map.entry("shared_event_id", new String[] {"sharedEventID"}),
            Map.entry("event_type", new String[] {"eventType"}),
            Map.entry("event_category", new String[] {"eventCategory"}),
            Map.entry("read_only", new String[] {"readOnly"}),
            Map.entry("management_event", new String[] {"managementEvent"}),
            Map.entry("recipient_account_id", new String[] {"recipientAccountId"}),
            Map.entry("api_version", new String[] {"apiVersion"}),
            Map.entry("vpc_endpoint_id", new String[] {"vpcEndpointId"}),
            Map.entry("session_credential_from_console", new String[] {"sessionCredentialFromConsole"}),
            Map.entry("tls_version", new String[] {"tlsDetails", "tlsVersion"}),
            Map.entry("user_type", new String[] {"userIdentity", "type"}),
            Map.entry("user_principal_id", new String[] {"userIdentity", "principalId"}),
            Map.entry("user_arn", new String[] {"userIdentity", "arn"}),
            Map.entry("user_account_id", new String[] {"userIdentity", "accountId"}),
            Map.entry("user_access_key_id", new String[] {"userIdentity", "accessKeyId"}),
            Map.entry("user_name", new String[] {"userIdentity", "userName"}),
            Map.entry("user_invoked_by", new String[] {"userIdentity", "invokedBy"}),
            Map.entry("session_issuer_type", new String[] {"userIdentity", "sessionContext", "sessionIssuer", "type"}),
            Map.entry("session_issuer_arn", new String[] {"userIdentity", "sessionContext", "sessionIssuer", "arn"}),
            Map.entry("session_issuer_user_name",
                    new String[] {"userIdentity", "sessionContext", "sessionIssuer", "userName"}),
            Map.entry("session_mfa_authenticated",
                    new String[] {"userIdentity", "sessionContext", "attributes", "mfaAuthenticated"}),
            Map.entry("user_identity", new String[] {"userIdentity"}),
            Map.entry("request_parameters", new String[] {"requestParameters"}),
            Map.entry("response_elements", new String[] {"responseElements"}),
            Map.entry("additional_event_data", new String[] {"additionalEventData"}),
            Map.entry("resources", new String[] {"resources"}),
            Map.entry("service_event_details", new String[] {"serviceEventDetails"}));

    private final Connection connection;
    private final PreparedStatement insertEvent;
    private final PreparedStatement insertCloudTrail;
    private final List<Column> columns;
    private long nextRowId = 1;

    private CaseFixture(Connection connection) throws SQLException {
        this.connection = connection;
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE events (row_id BIGINT, event_time TIMESTAMP, source VARCHAR, "
                    + "account_id VARCHAR, region VARCHAR, action VARCHAR, outcome VARCHAR, error_code VARCHAR, "
                    + "principal VARCHAR, access_key_id VARCHAR, src_ip VARCHAR, dst_ip VARCHAR, src_port INTEGER, "
                    + "dst_port INTEGER, user_agent VARCHAR, resource VARCHAR, bytes BIGINT, event_id VARCHAR, "
                    + "message VARCHAR, origin_file VARCHAR, origin_offset BIGINT, dedupe_key VARCHAR)");
            StringBuilder ddl = new StringBuilder("CREATE TABLE cloudtrail (row_id BIGINT");
            for (Column column : CloudTrailTables.CLOUDTRAIL.columns()) {
                ddl.append(", ").append(column.name()).append(' ').append(column.type().name());
            }
            statement.execute(ddl.append(')').toString());
        }
        columns = CloudTrailTables.CLOUDTRAIL.columns();
        insertEvent = connection.prepareStatement("INSERT INTO events (row_id, event_time, source, account_id, "
                + "region, action, outcome, error_code, principal, access_key_id, src_ip, user_agent, event_id, "
                + "message) VALUES (?, ?, 'cloudtrail', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        insertCloudTrail = connection.prepareStatement("INSERT INTO cloudtrail VALUES (?"
                + ", ?".repeat(columns.size()) + ")");
    }

    static CaseFixture create(Path directory) throws SQLException {
        return new CaseFixture(DriverManager.getConnection("jdbc:duckdb:" + directory.resolve("case.duckdb")));
    }

    Connection connection() {
        return connection;
    }

    /** Adds one CloudTrail record; returns its row id. */
    long add(String json) throws SQLException, IOException {
        JsonNode record = Json.MAPPER.readTree(json);
        long rowId = nextRowId++;
        LocalDateTime time = record.hasNonNull("eventTime")
                ? LocalDateTime.ofInstant(Instant.parse(record.get("eventTime").asText()), ZoneOffset.UTC) : null;
        String sourceIp = Json.pathString(record, "sourceIPAddress");
        String ip = sourceIp != null && IpAddresses.isIpAddress(sourceIp) ? sourceIp : null;
        String errorCode = Json.pathString(record, "errorCode");
        String arn = Json.pathString(record, "userIdentity", "arn");
        String eventName = Json.pathString(record, "eventName");
        insertEvent.setLong(1, rowId);
        insertEvent.setObject(2, time);
        insertEvent.setString(3, Json.pathString(record, "recipientAccountId"));
        insertEvent.setString(4, Json.pathString(record, "awsRegion"));
        insertEvent.setString(5, eventName);
        insertEvent.setString(6, errorCode == null ? "success" : "failure");
        insertEvent.setString(7, errorCode);
        insertEvent.setString(8, arn);
        insertEvent.setString(9, Json.pathString(record, "userIdentity", "accessKeyId"));
        insertEvent.setString(10, ip);
        insertEvent.setString(11, Json.pathString(record, "userAgent"));
        insertEvent.setString(12, Json.pathString(record, "eventID"));
        insertEvent.setString(13, eventName + " by " + arn);
        insertEvent.executeUpdate();
        insertCloudTrail.setLong(1, rowId);
        for (int i = 0; i < columns.size(); i++) {
            insertCloudTrail.setObject(i + 2, value(record, columns.get(i), time, ip));
        }
        insertCloudTrail.executeUpdate();
        return rowId;
    }

    private static Object value(JsonNode record, Column column, LocalDateTime time, String ip) {
        switch (column.name()) {
            case "event_time":
                return time;
            case "src_ip":
                return ip;
            case "raw":
                return record.toString();
            case "shape":
                return "s3";
            default:
                break;
        }
        String[] path = PATHS.get(column.name());
        if (path == null) {
            return null;
        }
        JsonNode node = Json.path(record, path);
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        return switch (column.type()) {
            case JSON -> node.toString();
            case BOOLEAN -> Boolean.parseBoolean(node.asText());
            default -> node.isValueNode() ? node.asText() : node.toString();
        };
    }

    List<Long> allRows() {
        List<Long> rows = new ArrayList<>();
        for (long i = 1; i < nextRowId; i++) {
            rows.add(i);
        }
        return rows;
    }

    @Override
    public void close() throws SQLException {
        insertEvent.close();
        insertCloudTrail.close();
        connection.close();
    }
}
