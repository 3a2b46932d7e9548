package dev.cloudsift.store.enrich;

import dev.cloudsift.formats.config.ConfigTables;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;


import dev.cloudsift.core.TableSchema;
import dev.cloudsift.formats.cloudtrail.CloudTrailTables;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ConfigChanges#rebuild} over a real DuckDB file filled by the Config readers. */
class ConfigChangesTest {
    private static final Path GOLDEN = Path.of("src/test/resources/config");
    private static final String SG = "sg-0a1b2c3d4e5f60718";
    private static final String BUCKET = "example-finance-bucket";

    @TempDir
    Path temp;

    private Connection connection;
    private CaseTables tables;

    @BeforeEach
    void openCase() throws SQLException {
        connection = DriverManager.getConnection("jdbc:duckdb:" + temp.resolve("case.duckdb"));
        tables = new CaseTables(connection);
        tables.create(ConfigTables.CONFIG);
        tables.create(CloudTrailTables.CLOUDTRAIL);
    }

    @org.junit.jupiter.api.AfterEach
    void closeCase() throws SQLException {
        connection.close();
    }

    private void ingest(String... files) throws IOException, SQLException {
        for (String file : files) {
            ReadFile.Result result = ReadFile.read(GOLDEN.resolve(file));
            assertThat(result.problems()).isEmpty();
            tables.insert(ConfigTables.CONFIG, result.records());
        }
    }

    private void cloudTrail(String eventId, String time, String eventName, boolean readOnly,
            String requestParameters, String resources) throws SQLException {
        TableSchema schema = CloudTrailTables.CLOUDTRAIL;
        Object[] row = schema.newRow();
        row[schema.indexOf("event_time")] = Instant.parse(time);
        row[schema.indexOf("event_id")] = eventId;
        row[schema.indexOf("event_name")] = eventName;
        row[schema.indexOf("read_only")] = readOnly;
        row[schema.indexOf("request_parameters")] = requestParameters;
        row[schema.indexOf("resources")] = resources;
        tables.insert(schema, row);
    }

    private record ChangeRow(String resourceId, String fromTime, String toTime, String change, String path,
            String oldValue, String newValue, String summary, String causes) {}

    private List<ChangeRow> changes() throws SQLException {
        List<ChangeRow> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("""
                     SELECT resource_id, strftime(from_time, '%H:%M:%S.%g'), strftime(to_time, '%H:%M:%S.%g'), change, path,
                            CAST(old_value AS VARCHAR), CAST(new_value AS VARCHAR), summary,
                            CAST(probable_cause_event_ids AS VARCHAR)
                     FROM config_changes ORDER BY resource_id, to_time, path""")) {
            while (result.next()) {
                rows.add(new ChangeRow(result.getString(1), result.getString(2), result.getString(3), result.getString(4),
                        result.getString(5), result.getString(6), result.getString(7), result.getString(8),
                        result.getString(9)));
            }
        }
        return rows;
    }

    @Test
    void findsTheSecurityGroupOpenedToTheInternetOnPort22AndTheCallThatDidIt() throws Exception {
        ingest("history-security-group.json");
        cloudTrail("e1-authorize", "2025-11-04T09:16:02Z", "AuthorizeSecurityGroupIngress", false,
                "{\"groupId\":\"" + SG + "\",\"ipPermissions\":{\"items\":[{\"ipProtocol\":\"tcp\",\"fromPort\":22,"
                        + "\"toPort\":22,\"ipRanges\":{\"items\":[{\"cidrIp\":\"0.0.0.0/0\"}]}}]}}", null);
        cloudTrail("e2-describe", "2025-11-04T09:17:00Z", "DescribeSecurityGroups", true,
                "{\"groupId\":\"" + SG + "\"}", null);
        cloudTrail("e3-too-early", "2025-11-04T08:30:00Z", "AuthorizeSecurityGroupIngress", false,
                "{\"groupId\":\"" + SG + "\"}", null);
        cloudTrail("e7-tags", "2025-11-04T09:30:40Z", "CreateTags", false,
                "{\"resourcesSet\":{\"items\":[{\"resourceId\":\"" + SG + "\"}]}}", null);

        ConfigChanges.rebuild(connection);

        assertThat(changes()).extracting(ChangeRow::fromTime, ChangeRow::toTime, ChangeRow::change, ChangeRow::path,
                ChangeRow::oldValue, ChangeRow::newValue, ChangeRow::summary, ChangeRow::causes).containsExactly(
                tuple("08:02:11.120", "09:18:40.512", "added", "configuration.ipPermissions[1].ipRanges[1]", null,
                        "\"0.0.0.0/0\"", "ingress 0.0.0.0/0 tcp 22 added", "[\"e1-authorize\"]"),
                tuple("08:02:11.120", "09:18:40.512", "added", "configuration.ipPermissions[1].ipv4Ranges[1]", null,
                        "{\"cidrIp\":\"0.0.0.0/0\"}", "ingress 0.0.0.0/0 tcp 22 added", "[\"e1-authorize\"]"),
                tuple("09:18:40.512", "09:31:02.004", "added", "configuration.tags[1]", null,
                        "{\"key\":\"owner\",\"value\":\"ops\"}",
                        "configuration.tags[1] added: {\"key\":\"owner\",\"value\":\"ops\"}", "[\"e7-tags\"]"),
                tuple("09:18:40.512", "09:31:02.004", "added", "tags.owner", null, "\"ops\"", "tags.owner added: ops",
                        "[\"e7-tags\"]"));
    }

    @Test
    void findsTheBucketPolicyMadePublicAndItsPublicAccessBlockTurnedOff() throws Exception {
        ingest("history-bucket-policy.json");
        cloudTrail("e4-policy", "2025-11-04T09:21:30Z", "PutBucketPolicy", false,
                "{\"bucketName\":\"" + BUCKET + "\",\"bucketPolicy\":{\"Version\":\"2012-10-17\"}}", null);
        cloudTrail("e5-block", "2025-11-04T09:20:10Z", "PutPublicAccessBlock", false,
                "{\"bucketName\":\"" + BUCKET + "\"}", null);
        cloudTrail("e6-other-bucket", "2025-11-04T09:21:00Z", "PutBucketPolicy", false,
                "{\"bucketName\":\"" + BUCKET + "-logs\"}", null);

        ConfigChanges.rebuild(connection);

        assertThat(changes()).extracting(ChangeRow::change, ChangeRow::path, ChangeRow::summary, ChangeRow::causes)
                .containsExactly(
                        tuple("added", "supplementaryConfiguration.BucketPolicy.policyText.Statement[1]",
                                "bucket policy statement 1 added (Allow s3:GetObject to *); allows public access (Principal *)",
                                "[\"e4-policy\",\"e5-block\"]"),
                        tuple("changed", "supplementaryConfiguration.PublicAccessBlockConfiguration.blockPublicPolicy",
                                "public access block blockPublicPolicy turned off", "[\"e4-policy\",\"e5-block\"]"),
                        tuple("changed", "supplementaryConfiguration.PublicAccessBlockConfiguration.restrictPublicBuckets",
                                "public access block restrictPublicBuckets turned off", "[\"e4-policy\",\"e5-block\"]"));
        assertThat(changes().get(0).newValue()).isEqualTo("{\"Sid\":\"PublicRead\",\"Effect\":\"Allow\",\"Principal\":\"*\","
                + "\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::example-finance-bucket/*\"}");
    }

    @Test
    void reportsRecordingStoppedAsAStatusChangeWithoutReadingTheMissingConfigurationAsRemoved() throws Exception {
        ingest("history-recording-stopped.json");

        ConfigChanges.rebuild(connection);

        assertThat(changes()).extracting(ChangeRow::change, ChangeRow::path, ChangeRow::oldValue, ChangeRow::newValue,
                ChangeRow::summary, ChangeRow::causes).containsExactly(
                tuple("changed", "configurationItemStatus", "\"OK\"", "\"ResourceNotRecorded\"",
                        "status OK -> ResourceNotRecorded: Config stopped recording this resource type, "
                                + "later changes are not captured", "[]"));
    }

    @Test
    void comparesEachStateOnceWhenHistoryApiSnapshotAndNotificationsCarryTheSameItems() throws Exception {
        ingest("history-security-group.json");
        ConfigChanges.rebuild(connection);
        List<ChangeRow> fromHistoryAlone = changes();
        try (Statement statement = connection.createStatement()) {
            statement.execute("DELETE FROM config");
        }
        ingest("api-history-security-group.json", "snapshot.json.gz", "sns-security-group-change.json",
                "lambda-rule-event.json", "history-security-group.json", "notifications.jsonl");

        ConfigChanges.rebuild(connection);

        assertThat(fromHistoryAlone).hasSize(4);
        assertThat(changes()).containsExactlyElementsOf(fromHistoryAlone);
    }

    @Test
    void ignoresSelectRowsWhichHoldOnlyTheFieldsAQueryChose() throws Exception {
        ingest("history-security-group.json");
        ConfigChanges.rebuild(connection);
        List<ChangeRow> fromHistory = changes();

        ingest("select.json");
        ConfigChanges.rebuild(connection);

        assertThat(changes()).containsExactlyElementsOf(fromHistory);
    }

    @Test
    void doesNotReadSectionsABatchCopyLacksAsRemoved() throws Exception {
        // the store kept the batch-get copy of the second state (no tags, no relationships) instead of the file's
        ingest("batch-get.json", "history-bucket-policy.json");
        try (Statement statement = connection.createStatement()) {
            statement.execute("DELETE FROM config WHERE shape = 'history' AND configuration_state_id = '1762248167310'");
        }

        ConfigChanges.rebuild(connection);

        assertThat(changes()).extracting(ChangeRow::path).containsExactly(
                "supplementaryConfiguration.BucketPolicy.policyText.Statement[1]",
                "supplementaryConfiguration.PublicAccessBlockConfiguration.blockPublicPolicy",
                "supplementaryConfiguration.PublicAccessBlockConfiguration.restrictPublicBuckets");
    }

    @Test
    void reportsADeletionAsStatusAndConfigurationRemoved() throws Exception {
        ingest("items-deleted.json");
        cloudTrail("e9-delete", "2025-11-04T10:05:00Z", "DeleteSecurityGroup", false,
                "{\"groupId\":\"sg-0d1e2f3a4b5c6d7e8\"}", null);

        ConfigChanges.rebuild(connection);

        assertThat(changes()).extracting(ChangeRow::change, ChangeRow::path, ChangeRow::summary, ChangeRow::causes)
                .containsExactly(
                        tuple("removed", "configuration", "configuration removed (resource deleted)", "[\"e9-delete\"]"),
                        tuple("changed", "configurationItemStatus", "status OK -> ResourceDeleted: resource deleted",
                                "[\"e9-delete\"]"));
    }

    @Test
    void writesItsRowsWhileTheCaseConnectionStreamsTheItems() throws Exception {
        java.util.Properties streaming = new java.util.Properties();
        streaming.setProperty("jdbc_stream_results", "true");
        try (Connection streamingConnection = DriverManager.getConnection(
                "jdbc:duckdb:" + temp.resolve("streaming.duckdb"), streaming)) {
            CaseTables streamingTables = new CaseTables(streamingConnection);
            streamingTables.create(ConfigTables.CONFIG);
            streamingTables.insert(ConfigTables.CONFIG,
                    ReadFile.read(GOLDEN.resolve("history-security-group.json")).records());

            ConfigChanges.rebuild(streamingConnection);

            try (ResultSet count = streamingConnection.createStatement()
                    .executeQuery("SELECT count(*) FROM config_changes")) {
                assertThat(count.next()).isTrue();
                assertThat(count.getLong(1)).isEqualTo(4);
            }
        }
    }

    @Test
    void runsAfterEveryIngestAsARegisteredEnricher() throws Exception {
        ingest("history-security-group.json");
        CaseEnricher enricher = CaseEnrichers.all().stream()
                .filter(ConfigChangesEnricher.class::isInstance)
                .findFirst().orElseThrow();

        enricher.enrich(connection);

        assertThat(enricher.name()).isEqualTo("config changes");
        assertThat(changes()).hasSize(4);
    }

    @Test
    void rebuildsAnEmptyTableWhenTheCaseHasNoConfigTable() throws Exception {
        try (Connection empty = DriverManager.getConnection("jdbc:duckdb:" + temp.resolve("empty.duckdb"))) {
            ConfigChanges.rebuild(empty);
            try (ResultSet count = empty.createStatement().executeQuery("SELECT count(*) FROM config_changes")) {
                assertThat(count.next()).isTrue();
                assertThat(count.getLong(1)).isZero();
            }
        }
    }
}
