package dev.cloudsift.formats.cloudtrail;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cloudsift.core.Json;
import dev.cloudsift.core.LogRecord;
import dev.cloudsift.core.TableRow;
import dev.cloudsift.core.TableSchema;
import dev.cloudsift.core.input.Decompression;
import dev.cloudsift.formats.testing.FormatHarness;
import dev.cloudsift.formats.testing.GoldenFiles;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Nothing of a CloudTrail record is lost without a raw copy: its typed columns, its JSON columns and {@code other}
 * rebuild the record's values (a null in a field that has a column reads as absent), for every golden record
 * whose JSON text can be found at its offset.
 */
class CloudTrailOtherFieldsTest {
    private static final TableSchema TABLE = CloudTrailTables.CLOUDTRAIL;

    static Stream<Path> inputs() {
        return Stream.concat(GoldenFiles.cases("cloudtrail"), GoldenFiles.cases("cloudwatch"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inputs")
    void columnsAndOtherRebuildEveryRecord(Path input) throws Exception {
        byte[] content;
        try (InputStream in = Decompression.open(Files.newInputStream(input), Files.size(input)).content()) {
            content = in.readAllBytes();
        }
        int rebuilt = 0;
        for (LogRecord record : FormatHarness.read(input).records()) {
            for (TableRow row : record.rows()) {
                if (!row.table().equals(TABLE.name())) {
                    continue;
                }
                JsonNode original = originalAt(content, record.position().offset());
                if (original == null) {
                    continue;
                }
                // a field with a column reads the same null whether it was logged as null or left out
                ((ObjectNode) original).properties().removeIf(
                        field -> field.getValue().isNull() && OtherFields.hasColumn(field.getKey()));
                ObjectNode rebuiltRecord = rebuild(row.values());
                if (exported(original)) {
                    // An exporter's layout (Logstash, Datadog) fills the canonical columns from its own attributes,
                    // so the rebuild names more than the record did: what matters is that nothing is lost.
                    original.properties().forEach(field -> assertThat(rebuiltRecord.get(field.getKey()))
                            .as("field %s of the record at offset %d", field.getKey(), record.position().offset())
                            .isEqualTo(field.getValue()));
                } else {
                    assertThat(rebuiltRecord).as("record at offset %d", record.position().offset()).isEqualTo(original);
                }
                rebuilt++;
            }
        }
        if (!input.getFileName().toString().endsWith(".csv") && input.toString().contains("cloudtrail/")
                && !input.getFileName().toString().startsWith("digest")) {
            assertThat(rebuilt).as("records rebuilt from %s", input).isPositive();
        }
    }

    /** The JSON record at an offset: itself, or the CloudTrail record carried in a string field of it. */
    private static JsonNode originalAt(byte[] content, long offset) throws Exception {
        JsonNode node;
        try (JsonParser parser = Json.FACTORY.createParser(Arrays.copyOfRange(content, (int) offset, content.length))) {
            parser.setCodec(Json.MAPPER);
            node = parser.readValueAsTree();
        } catch (Exception notJson) {
            return null;
        }
        if (node == null || !node.isObject()) {
            return null;
        }
        for (String envelope : new String[] {"CloudTrailEvent", "message"}) {
            if (node.path(envelope).isTextual()) {
                try {
                    JsonNode inner = Json.MAPPER.readTree(node.get(envelope).textValue());
                    return inner != null && inner.has("eventVersion") ? inner : null;
                } catch (Exception notJson) {
                    return null;
                }
            }
        }
        if (node.path("_source").isObject()) {
            node = node.get("_source");
        }
        return node.has("eventVersion") || node.has("eventID") ? node : null;
    }

    /** Whether the record carries an exporter's own attributes beside or instead of CloudTrail's names. */
    private static boolean exported(JsonNode record) {
        for (String name : (Iterable<String>) record::fieldNames) {
            if (name.startsWith("@") || name.startsWith("evt.") || name.startsWith("usr.") || name.startsWith("network.")
                    || name.startsWith("http.") || name.equals("evt") || name.equals("usr") || name.equals("network")
                    || name.equals("http")) {
                return true;
            }
        }
        return false;
    }

    /** The record's values from its row alone. */
    private static ObjectNode rebuild(Object[] values) throws Exception {
        ObjectNode record = Json.MAPPER.createObjectNode();
        Object other = values[TABLE.indexOf("other")];
        if (other != null) {
            record.setAll((ObjectNode) Json.MAPPER.readTree(other.toString()));
        }
        Object time = values[TABLE.indexOf("event_time")];
        if (time != null && !record.has("eventTime")) {
            record.put("eventTime", ((Instant) time).toString());
        }
        for (Map.Entry<String, String> field : OtherFields.STRING_COLUMNS.entrySet()) {
            Object value = values[TABLE.indexOf(field.getValue())];
            if (value != null && !record.has(field.getKey())) {
                record.put(field.getKey(), value.toString());
            }
        }
        for (Map.Entry<String, String> field : OtherFields.BOOLEAN_COLUMNS.entrySet()) {
            Object value = values[TABLE.indexOf(field.getValue())];
            if (value != null && !record.has(field.getKey())) {
                record.put(field.getKey(), (Boolean) value);
            }
        }
        for (Map.Entry<String, String> field : OtherFields.JSON_COLUMNS.entrySet()) {
            Object value = values[TABLE.indexOf(field.getValue())];
            if (value != null && !record.has(field.getKey())) {
                record.set(field.getKey(), Json.MAPPER.readTree(value.toString()));
            }
        }
        return record;
    }
}
