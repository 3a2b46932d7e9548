package dev.cloudsift.store.enrich;

import dev.cloudsift.formats.s3access.S3AccessTables;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudsift.core.Json;
import dev.cloudsift.core.LogRecord;
import dev.cloudsift.core.Position;
import dev.cloudsift.core.TableRow;
import dev.cloudsift.core.TableSchema;
import dev.cloudsift.formats.cloudtrail.CloudTrailRecordMapper;
import dev.cloudsift.formats.cloudtrail.CloudTrailTables;
import dev.cloudsift.store.CaseViews;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The s3_object_access view in a real DuckDB file, over rows our own readers produced. */
class S3ObjectAccessViewTest {
    private static final String HOST_ID = "V8G3GxiDnO6m9Ddif+lqj6G2ShNjmCDvcHFrQycg7q/TNyXCQ6+zcYbr8FKiYOXEwBG4nEqaaptF";
    private static final String OWNER = "51d1291e092ceadb483d605bfb0fa95bc09cd02f3db715fdc34c6d47e1927ce7";

    @TempDir
    Path temp;

    private static String accessLine(String requestId, String hostId, String key) {
        return OWNER + " example-finance-bucket [04/Nov/2025:09:15:30 +0000] 203.0.113.45 "
                + "arn:aws:sts::111122223333:assumed-role/app-reader/i-0123456789abcdef0 " + requestId + " REST.GET.OBJECT "
                + key + " \"GET /" + key + " HTTP/1.1\" 200 - 48213 48213 41 12 \"-\" \"aws-cli/2.17.0\" - " + hostId
                + " SigV4 TLS_AES_128_GCM_SHA256 AuthHeader example-finance-bucket.s3.eu-west-1.amazonaws.com TLSv1.3 - - -";
    }

    private static String dataEvent(String requestId, String hostId, String key) {
        return "{\"eventVersion\":\"1.11\",\"userIdentity\":{\"type\":\"AssumedRole\",\"principalId\":\"AROAEXAMPLEROLE000001:i-0123456789abcdef0\","
                + "\"arn\":\"arn:aws:sts::111122223333:assumed-role/app-reader/i-0123456789abcdef0\",\"accountId\":\"111122223333\","
                + "\"accessKeyId\":\"ASIAEXAMPLE7QRSTU2VW\"},\"eventTime\":\"2025-11-04T09:15:30Z\",\"eventSource\":\"s3.amazonaws.com\","
                + "\"eventName\":\"GetObject\",\"awsRegion\":\"eu-west-1\",\"sourceIPAddress\":\"203.0.113.45\",\"userAgent\":\"[aws-cli/2.17.0]\","
                + "\"requestParameters\":{\"bucketName\":\"example-finance-bucket\",\"Host\":\"example-finance-bucket.s3.eu-west-1.amazonaws.com\","
                + "\"key\":\"" + key + "\"},\"responseElements\":null,\"additionalEventData\":{\"SignatureVersion\":\"SigV4\","
                + "\"bytesTransferredOut\":48213,\"AuthenticationMethod\":\"AuthHeader\",\"x-amz-id-2\":\"" + hostId + "\"},"
                + "\"requestID\":\"" + requestId + "\",\"eventID\":\"" + java.util.UUID.nameUUIDFromBytes(requestId.getBytes()) + "\","
                + "\"readOnly\":true,\"eventType\":\"AwsApiCall\",\"managementEvent\":false,\"recipientAccountId\":\"111122223333\","
                + "\"eventCategory\":\"Data\"}";
    }

    @Test
    void joinsDataEventsToAccessLogLinesOnRequestIdAndHostId() throws Exception {
        String lines = String.join("\n",
                accessLine("89BC964B0E784EF0", HOST_ID, "exports/q3%20payroll.csv"),
                accessLine("0000000000000001", "OnlyInAccessLog=", "a.txt"),
                accessLine("0000000000000003", "HostIdOfTheLine=", "b.txt")) + "\n";
        ReadFile.Result access = ReadFile.read(lines.getBytes(StandardCharsets.UTF_8), "access");
        List<TableRow> trail = new ArrayList<>();
        for (String event : List.of(dataEvent("89BC964B0E784EF0", HOST_ID, "exports/q3 payroll.csv"),
                dataEvent("0000000000000002", "OnlyInTrail=", "c.txt"),
                dataEvent("0000000000000003", "AnotherHostId=", "b.txt"))) {
            trail.add(((LogRecord) CloudTrailRecordMapper.map(Json.MAPPER.readTree(event), CloudTrailRecordMapper.SHAPE_S3,
                    Position.START)).rows().get(0));
        }

        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + temp.resolve("case.duckdb"))) {
            insert(connection, S3AccessTables.S3ACCESS, access.records().stream().map(r -> r.rows().get(0)).toList());
            insert(connection, CloudTrailTables.CLOUDTRAIL, trail);
            runViews(connection);
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT seen_in, request_id, object_key, access_log_key, operation, "
                         + "event_name, requester, user_arn, access_key_id, remote_ip, host_id FROM s3_object_access "
                         + "ORDER BY request_id, seen_in")) {
                List<String> found = new ArrayList<>();
                while (rows.next()) {
                    found.add(rows.getString(1) + " " + rows.getString(2) + " " + rows.getString(3));
                    if ("both".equals(rows.getString(1))) {
                        assertThat(rows.getString(4)).isEqualTo("exports/q3%20payroll.csv");
                        assertThat(rows.getString(5)).isEqualTo("REST.GET.OBJECT");
                        assertThat(rows.getString(6)).isEqualTo("GetObject");
                        assertThat(rows.getString(7)).isEqualTo(rows.getString(8));
                        assertThat(rows.getString(9)).isEqualTo("ASIAEXAMPLE7QRSTU2VW");
                        assertThat(rows.getString(10)).isEqualTo("203.0.113.45");
                        assertThat(rows.getString(11)).isEqualTo(HOST_ID);
                    }
                }
                // Same request id but different host ids: two different requests, not joined.
                assertThat(found).containsExactly(
                        "s3access 0000000000000001 a.txt",
                        "cloudtrail 0000000000000002 c.txt",
                        "cloudtrail 0000000000000003 b.txt",
                        "s3access 0000000000000003 b.txt",
                        "both 89BC964B0E784EF0 exports/q3 payroll.csv");
            }
        }
    }

    private static void runViews(Connection connection) throws IOException, SQLException {
        try (Statement statement = connection.createStatement()) {
            CaseViews.run(statement, "s3_object_access.sql");
        }
    }

    private static void insert(Connection connection, TableSchema table, List<TableRow> rows) throws SQLException {
        StringBuilder create = new StringBuilder("CREATE TABLE ").append(table.name()).append(" (row_id BIGINT");
        StringBuilder insert = new StringBuilder("INSERT INTO ").append(table.name()).append(" VALUES (?");
        table.columns().forEach(column -> {
            create.append(", \"").append(column.name()).append("\" ").append(column.type().sql());
            insert.append(", CAST(? AS ").append(column.type().sql()).append(')');
        });
        try (Statement statement = connection.createStatement()) {
            statement.execute(create.append(')').toString());
        }
        try (PreparedStatement statement = connection.prepareStatement(insert.append(')').toString())) {
            long rowId = table.name().hashCode() & 0xFFFF;
            for (TableRow row : rows) {
                statement.setLong(1, rowId++);
                for (int i = 0; i < row.values().length; i++) {
                    Object value = row.values()[i];
                    statement.setString(i + 2, value == null ? null : value instanceof Instant instant
                            ? instant.toString().replace('T', ' ').replace("Z", "") : value.toString());
                }
                statement.executeUpdate();
            }
        }
    }
}
