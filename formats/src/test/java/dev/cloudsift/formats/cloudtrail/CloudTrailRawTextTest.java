package dev.cloudsift.formats.cloudtrail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudsift.formats.testing.FormatHarness;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code raw} column holds each record's text exactly as it was in the file, not a re-serialization. */
class CloudTrailRawTextTest {
    private static String record(int n, String padding) {
        return "{ \"eventTime\" : \"2025-11-04T09:15:30Z\",\n  \"eventName\":\"Get\\u004fbject\", \"eventID\":\"id-" + n
                + "\", \"userAgent\":\"" + padding + "\" }";
    }

    @Test
    void keepsTheOriginalTextOfStreamedRecords() throws IOException {
        List<String> records = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            records.add(record(i, "é"));
        }
        String content = "{ \"Records\" : [ " + String.join(" ,\n", records) + " ] }";
        FormatHarness.Result result = FormatHarness.read(content.getBytes(StandardCharsets.UTF_8), "t.json");
        assertThat(result.column("cloudtrail", "raw")).containsExactlyElementsOf(records);
        assertThat(result.column("cloudtrail", "event_name")).containsOnly("GetObject");
    }

    @Test
    void keepsTheOriginalTextAcrossTheRecordingWindow() throws IOException {
        List<String> records = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            // Records from 1 byte to ~300 KB, so records start and end anywhere in the parser's read-ahead.
            records.add(record(i, "x".repeat((i * 7919) % 300_000)));
        }
        String content = "[" + String.join(",", records) + "]";
        FormatHarness.Result result = FormatHarness.read(content.getBytes(StandardCharsets.UTF_8), "t.json");
        assertThat(result.problems()).isEmpty();
        assertThat(result.column("cloudtrail", "raw")).containsExactlyElementsOf(records);
    }

    @Test
    void keepsTheOriginalTextOfPrettyPrintedRecordsBackToBack() throws IOException {
        String first = "{\n  \"eventTime\": \"2025-11-04T09:15:30Z\",\n  \"eventName\": \"A\",\n  \"eventID\": \"a\"\n}";
        String second = "{\n  \"eventTime\": \"2025-11-04T09:15:31Z\",\n  \"eventName\": \"B\",\n  \"eventID\": \"b\"\n}";
        FormatHarness.Result result = FormatHarness.read((first + "\n" + second + "\n").getBytes(StandardCharsets.UTF_8),
                "t.json");
        assertThat(result.format().map(format -> format.name())).contains("cloudtrail.array");
        assertThat(result.column("cloudtrail", "raw")).containsExactly(first, second);
    }
}
