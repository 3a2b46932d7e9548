package dev.cloudsift.formats.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cloudsift.core.Json;
import dev.cloudsift.core.EventReader;
import dev.cloudsift.core.LogRecord;
import dev.cloudsift.core.Position;
import dev.cloudsift.core.Skipped;
import dev.cloudsift.core.SourceContext;
import dev.cloudsift.formats.testing.FormatHarness;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Behaviour of the Config reader beyond what the golden files show. */
class ConfigReaderTest {
    private static final Path GOLDEN = Path.of("src/test/resources/config");
    private static final String FILE_ITEM = """
            {"configurationItemVersion":"1.3","configurationItemCaptureTime":"2025-11-04T09:18:40.512Z",
             "configurationStateId":1762247920512,"awsAccountId":"111122223333","configurationItemStatus":"OK",
             "resourceType":"AWS::EC2::SecurityGroup","resourceId":"sg-0a1b2c3d4e5f60718","awsRegion":"eu-west-1",
             "configuration":%s,"supplementaryConfiguration":{}}""";

    private static FormatHarness.Result read(String content) throws IOException {
        return read(content, Map.of());
    }

    private static FormatHarness.Result read(String content, Map<String, String> options) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        return FormatHarness.read(new ByteArrayInputStream(bytes), "test.json", bytes.length, options);
    }

    private static Object column(FormatHarness.Result result, int record, String column) {
        return result.column("config", column).get(record);
    }

    private static JsonNode json(FormatHarness.Result result, int record, String column) throws IOException {
        return Json.MAPPER.readTree((String) column(result, record, column));
    }

    @Test
    void storesTheSameItemIdenticallyWhetherItCameFromAHistoryFileOrTheApi() throws IOException {
        FormatHarness.Result file = FormatHarness.read(GOLDEN.resolve("history-security-group.json"));
        FormatHarness.Result api = FormatHarness.read(GOLDEN.resolve("api-history-security-group.json"));
        // history holds the three states oldest first; the API page holds the newest two, newest first
        LogRecord fromFile = file.records().get(1);
        LogRecord fromApi = api.records().get(1);

        assertThat(fromApi.dedupeKey()).isEqualTo(fromFile.dedupeKey())
                .isEqualTo("config:AWS::EC2::SecurityGroup:sg-0a1b2c3d4e5f60718:1762247920512");
        for (String column : List.of("capture_time", "status", "resource_type", "resource_id", "resource_name", "arn",
                "account_id", "region", "availability_zone", "configuration_state_id", "configuration_item_version")) {
            assertThat(column(api, 1, column)).as(column).isEqualTo(column(file, 1, column));
        }
        for (String column : List.of("tags", "related_events", "configuration", "supplementary_configuration")) {
            assertThat(json(api, 1, column)).as(column).isEqualTo(json(file, 1, column));
        }
        // the API names the relationship relationshipName and leaves out a null resourceName
        assertThat(json(api, 1, "relationships")).isEqualTo(Json.MAPPER.readTree(
                "[{\"resourceType\":\"AWS::EC2::VPC\",\"resourceId\":\"vpc-0c1d2e3f4a5b6c7d8\",\"name\":\"Is contained in Vpc\"}]"));
        assertThat(column(file, 1, "shape")).isEqualTo("history");
        assertThat(column(api, 1, "shape")).isEqualTo("api-history");
    }

    @Test
    void parsesJsonEncodedSupplementaryValuesSoBatchAndHistoryCopiesAgree() throws IOException {
        FormatHarness.Result file = FormatHarness.read(GOLDEN.resolve("history-bucket-policy.json"));
        FormatHarness.Result batch = FormatHarness.read(GOLDEN.resolve("batch-get.json"));

        assertThat(column(batch, 0, "supplementary_configuration")).isEqualTo(column(file, 1, "supplementary_configuration"));
        assertThat((String) column(batch, 0, "supplementary_configuration"))
                .contains("\"AccessControlList\":{\"grantSet\":null")
                .contains("\"IsRequesterPaysEnabled\":false");
        assertThat(batch.records().get(0).dedupeKey()).isEqualTo(file.records().get(1).dedupeKey());
    }

    @Test
    void keepsItemFieldsNoColumnHoldsInOther() throws IOException {
        String item = FILE_ITEM.formatted("{}").replace("\"supplementaryConfiguration\":{}}",
                "\"supplementaryConfiguration\":{},\"complianceDetails\":{\"rule\":[1,2]},\"note\":null}");
        FormatHarness.Result history = read("{\"fileVersion\":\"1.0\",\"configurationItems\":[" + item + "]}");

        assertThat(history.problems()).isEmpty();
        assertThat(json(history, 0, "other"))
                .isEqualTo(Json.MAPPER.readTree("{\"complianceDetails\":{\"rule\":[1,2]},\"note\":null}"));
        assertThat(read("{\"fileVersion\":\"1.0\",\"configurationItems\":[" + FILE_ITEM.formatted("{}") + "]}")
                .column("config", "other")).containsExactly((Object) null);
    }

    @Test
    void readsItemsWhicheverKeyComesFirst() throws IOException {
        String item = FILE_ITEM.formatted("{\"groupId\":\"sg-0a1b2c3d4e5f60718\"}");
        FormatHarness.Result snapshot = read("{\"configSnapshotId\":\"86775496\",\"configurationItems\":[" + item
                + "],\"fileVersion\":\"1.0\"}");
        FormatHarness.Result history = read("{\"configurationItems\":[" + item + "," + item + "],\"fileVersion\":\"1.0\"}");

        assertThat(snapshot.format()).map(format -> format.name()).contains("config.file");
        assertThat(snapshot.column("config", "shape")).containsExactly("snapshot");
        // fileVersion after the items is beyond what the sniffer needs once the file is long; here it is seen
        assertThat(history.format()).map(format -> format.name()).contains("config.file");
        assertThat(history.column("config", "shape")).containsExactly("history", "history");
    }

    @Test
    void callsFilesUnderAConfigSnapshotFolderSnapshotsEvenWithoutTheirId() throws IOException {
        byte[] bytes = ("{\"fileVersion\":\"1.0\",\"configurationItems\":[" + FILE_ITEM.formatted("{}") + "]}")
                .getBytes(StandardCharsets.UTF_8);
        FormatHarness.Result result = FormatHarness.read(new ByteArrayInputStream(bytes),
                "bucket/AWSLogs/111122223333/Config/eu-west-1/2025/11/4/ConfigSnapshot/x.json", bytes.length, Map.of());

        assertThat(result.column("config", "shape")).containsExactly("snapshot");
    }

    @Test
    void quarantinesAnItemOverTheSizeLimitUnreadAndGoesOnWithTheNext() throws IOException {
        StringBuilder big = new StringBuilder("{");
        for (int i = 0; i < 200_000; i++) {
            big.append(i == 0 ? "" : ",").append("\"key").append(i).append("\":\"").append("x".repeat(40)).append('"');
        }
        big.append('}');
        String small = FILE_ITEM.formatted("{}");
        String content = "{\"fileVersion\":\"1.0\",\"configurationItems\":[" + FILE_ITEM.formatted(big) + "," + small + "]}";
        assertThat(content.length()).isGreaterThan((int) ConfigReader.DEFAULT_MAX_ITEM_BYTES);

        FormatHarness.Result result = read(content);

        assertThat(result.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.reason()).matches("configuration item spans \\d+ bytes, over the limit of 8388608 bytes "
                    + "\\(config.max-item-bytes\\)");
            assertThat(problem.position().offset()).isEqualTo(43);
        });
        assertThat(result.records()).hasSize(1);
        assertThat(result.streamError()).isEmpty();
    }

    @Test
    void takesTheItemSizeLimitFromItsOption() throws IOException {
        String content = "{\"fileVersion\":\"1.0\",\"configurationItems\":[" + FILE_ITEM.formatted("{}") + "]}";

        FormatHarness.Result result = read(content, Map.of(ConfigReader.MAX_ITEM_BYTES_OPTION, "100"));

        assertThat(result.problems()).singleElement().satisfies(problem -> assertThat(problem.reason())
                .matches("configuration item spans \\d+ bytes, over the limit of 100 bytes \\(config.max-item-bytes\\)"));
        assertThat(result.records()).isEmpty();
    }

    @Test
    void boundsAMessageObjectAsAWholeLikeAnItem() throws IOException {
        String notification = "{\"messageType\":\"ConfigurationItemChangeNotification\",\"configurationItem\":"
                + FILE_ITEM.formatted("{}") + "}\n" + "{\"messageType\":\"ScheduledNotification\"}";

        FormatHarness.Result result = read(notification, Map.of(ConfigReader.MAX_ITEM_BYTES_OPTION, "200"));

        assertThat(result.problems()).singleElement().satisfies(problem -> assertThat(problem.reason()).isEqualTo(
                "top-level object spans more than 200 bytes before its field configurationItem ends (config.max-item-bytes)"));
        assertThat(result.skipped()).singleElement().satisfies(skipped -> assertThat(skipped.reason())
                .isEqualTo("Config ScheduledNotification notice carries no configuration item"));
    }

    @Test
    void keepsTheEventMessageOnOneLineWhateverTheIdHolds() throws IOException {
        String item = FILE_ITEM.formatted("{}").replace("sg-0a1b2c3d4e5f60718", "sg-1\\nFAKE LOG LINE\\u001b[31m");

        FormatHarness.Result result = read("{\"fileVersion\":\"1.0\",\"configurationItems\":[" + item + "]}");

        assertThat(result.events()).singleElement().satisfies(event -> assertThat(event.message())
                .isEqualTo("AWS::EC2::SecurityGroup sg-1 FAKE LOG LINE [31m OK"));
        assertThat(result.column("config", "resource_id")).containsExactly("sg-1\nFAKE LOG LINE\u001b[31m");
    }

    @Test
    void quarantinesATruncatedMessageFromItsStart() throws IOException {
        String content = "{\"messageType\":\"ScheduledNotification\"}\n"
                + "{\"messageType\":\"ConfigurationItemChangeNotification\",\"configurationItem\":{\"resourceType\":";
        FormatHarness.Result result = read(content);

        assertThat(result.skipped()).hasSize(1);
        assertThat(result.streamError()).contains("unreadable JSON at line 2, byte 129 in the object starting line 2, "
                + "byte 40: Unexpected end-of-input within/between Object entries");
        try (EventReader reader = new ConfigNotificationFormat().open(
                new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)), SourceContext.of("n.json"))) {
            assertThat(reader.next()).isInstanceOf(Skipped.class);
            assertThatThrownBy(reader::next).isInstanceOf(IOException.class);
            assertThat(reader.position()).isEqualTo(new Position(40, 2));
        }
    }

    @Test
    void refusesAnItemSizeOptionThatIsNotANumber() throws IOException {
        FormatHarness.Result result = read("{\"fileVersion\":\"1.0\",\"configurationItems\":[]}",
                Map.of(ConfigReader.MAX_ITEM_BYTES_OPTION, "8MB"));

        assertThat(result.streamError()).contains("config.max-item-bytes must be a number of bytes, got '8MB'");
    }

    @Test
    void skipsAnItemNestedDeeperThanAnyAwsLogAndReadsTheNext() throws IOException {
        String deep = "[".repeat(300) + "]".repeat(300);
        String content = "{\"fileVersion\":\"1.0\",\"configurationItems\":[" + FILE_ITEM.formatted("{}") + ","
                + FILE_ITEM.formatted(deep) + ",\n" + FILE_ITEM.formatted("{\"after\":true}") + "]}";

        FormatHarness.Result result = read(content);

        assertThat(result.streamError()).isEmpty();
        assertThat(result.records()).hasSize(2);
        assertThat(json(result, 1, "configuration").path("after").asBoolean()).isTrue();
        assertThat(result.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.position().offset()).isEqualTo(392);
            assertThat(problem.position().line()).isEqualTo(4);
            assertThat(problem.reason()).isEqualTo("configuration item refused: Document nesting depth (201) exceeds "
                    + "the maximum allowed (200, from `StreamReadConstraints.getMaxNestingDepth()`); skipped to byte "
                    + content.lastIndexOf("{\"configurationItemVersion\"") + " and read on");
        });
    }

    @Test
    void aTwentyMegabyteStringCostsOnlyItsItemAndTheFileReadsOnAfterIt() throws IOException {
        // Escaped quotes and brackets inside the string must not end the skipped item early.
        String giant = FILE_ITEM.formatted("{\"policy\":\"" + "\\\"{[" + "x".repeat(20 * 1024 * 1024) + "\"}");
        String last = FILE_ITEM.formatted("{\"after\":true}");
        String content = "{\"configurationItems\":[\n" + FILE_ITEM.formatted("{}") + ",\n" + giant + " ,\n " + last
                + "],\"configSnapshotId\":\"snap-1\",\"fileVersion\":\"1.0\"}\n";

        FormatHarness.Result result = read(content);

        assertThat(result.streamError()).isEmpty();
        assertThat(result.records()).hasSize(2);
        assertThat(result.records().get(1).position().offset()).isEqualTo(content.indexOf(last));
        assertThat(result.records().get(1).position().line()).isEqualTo(content.substring(0, content.indexOf(last))
                .lines().count());
        assertThat(column(result, 1, "resource_id")).isEqualTo("sg-0a1b2c3d4e5f60718");
        assertThat(result.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.position().offset()).isEqualTo(content.indexOf(giant));
            assertThat(problem.reason()).startsWith("configuration item refused: String value length (")
                    .endsWith("; skipped to byte " + content.indexOf(last) + " and read on");
            assertThat(problem.raw()).hasSize(dev.cloudsift.core.ParseProblem.MAX_RAW_BYTES);
        });
    }

    @Test
    void skipsARefusedElementOfATopLevelArrayAndReadsOn() throws IOException {
        String deep = "{\"x\":" + "[".repeat(300) + "]".repeat(300) + "}";
        String content = "[" + FILE_ITEM.formatted("{}") + "," + deep + "," + FILE_ITEM.formatted("{}") + "]";

        FormatHarness.Result result = read(content);

        assertThat(result.streamError()).isEmpty();
        assertThat(result.records()).hasSize(2);
        assertThat(result.problems()).singleElement().satisfies(problem -> assertThat(problem.reason())
                .startsWith("top-level array element refused: Document nesting depth (201)"));
    }

    @Test
    void readsNotificationsFromATopLevelArrayAndFromConcatenatedObjects() throws IOException {
        String sns = Files.readString(GOLDEN.resolve("sns-security-group-change.json"));
        String eventBridge = Files.readString(GOLDEN.resolve("eventbridge-bucket-change.json"));

        FormatHarness.Result array = read("[" + sns + "," + eventBridge + "]");
        FormatHarness.Result concatenated = read(sns + eventBridge);

        for (FormatHarness.Result result : List.of(array, concatenated)) {
            assertThat(result.format()).map(format -> format.name()).contains("config.notification");
            assertThat(result.problems()).isEmpty();
            assertThat(result.column("config", "resource_id")).containsExactly("sg-0a1b2c3d4e5f60718", "example-finance-bucket");
            assertThat(result.column("config", "change_type")).containsExactly("UPDATE", "UPDATE");
        }
    }

    @Test
    void skipsEventBridgeConfigEventsThatCarryNoItem() throws IOException {
        FormatHarness.Result result = read("""
                {"version":"0","id":"1","detail-type":"Config Rules Compliance Change","source":"aws.config",
                 "account":"111122223333","time":"2025-11-04T09:18:45Z","region":"eu-west-1","resources":[],
                 "detail":{"resourceId":"sg-0a1b2c3d4e5f60718","configRuleName":"restricted-ssh",
                           "newEvaluationResult":{"complianceType":"NON_COMPLIANT"}}}""");

        assertThat(result.format()).map(format -> format.name()).contains("config.notification");
        assertThat(result.records()).isEmpty();
        assertThat(result.skipped()).singleElement().satisfies(skipped -> assertThat(skipped.reason())
                .isEqualTo("EventBridge 'Config Rules Compliance Change' event carries no configuration item"));
    }

    @Test
    void quarantinesASelectResultThatIsNotJson() throws IOException {
        FormatHarness.Result result = read("""
                {"Results":["{\\"resourceId\\":\\"sg-1\\",\\"resourceType\\":\\"AWS::EC2::SecurityGroup\\"}","{oops"],
                 "QueryInfo":{"SelectFields":[{"Name":"resourceId"},{"Name":"resourceType"}]}}""");

        assertThat(result.records()).hasSize(1);
        assertThat(result.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.reason()).startsWith("select-resource-config result is not valid JSON: Unexpected character");
            assertThat(new String(problem.raw(), StandardCharsets.UTF_8)).isEqualTo("{oops");
        });
    }
}
