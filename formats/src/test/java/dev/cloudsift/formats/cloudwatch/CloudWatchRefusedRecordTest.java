package dev.cloudsift.formats.cloudwatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudsift.core.ParseProblem;
import dev.cloudsift.formats.testing.FormatHarness;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A log event the JSON parser refuses for a limit (a huge message, nesting too deep) costs only itself. */
class CloudWatchRefusedRecordTest {
    /** Escaped quotes and brackets first: they must not end the skipped event early. */
    private static final String GIANT_MESSAGE = "\\\"{[" + "x".repeat(20 * 1024 * 1024);
    private static final String TOO_DEEP = "[".repeat(300) + "]".repeat(300);

    private static String cliEvent(int n, String message) {
        return "{\"logStreamName\":\"i-0123456789abcdef0\",\"timestamp\":176224773" + n + "000,\"message\":\""
                + message + "\",\"ingestionTime\":1762247733120,\"eventId\":\"id-" + n + "\"}";
    }

    private static String logEvent(int n, String message) {
        return "{\"id\":\"id-" + n + "\",\"timestamp\":176224773" + n + "000,\"message\":\"" + message + "\"}";
    }

    private static FormatHarness.Result read(String content, String path) throws IOException {
        return FormatHarness.read(content.getBytes(StandardCharsets.UTF_8), path);
    }

    @Test
    void aTwentyMegabyteMessageInFilterLogEventsOutputCostsOnlyItsEvent() throws IOException {
        String giant = cliEvent(2, GIANT_MESSAGE);
        String content = "{\n\"events\": [\n" + cliEvent(1, "first") + ",\n" + giant + " ,\n " + cliEvent(3, "third")
                + ",\n" + cliEvent(4, "fourth") + "\n],\n\"searchedLogStreams\": [],\n\"nextToken\": \"t\"\n}\n";

        FormatHarness.Result result = read(content, "filter-log-events.json");

        assertThat(result.streamError()).isEmpty();
        assertThat(result.events()).extracting(event -> event.eventId()).containsExactly("id-1", "id-3", "id-4");
        assertThat(result.records().get(1).position().offset()).isEqualTo(content.indexOf(cliEvent(3, "third")));
        assertThat(result.records().get(1).position().line()).isEqualTo(5);
        assertThat(result.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.position().offset()).isEqualTo(content.indexOf(giant));
            assertThat(problem.position().line()).isEqualTo(4);
            assertThat(problem.reason()).startsWith("record refused: String value length (")
                    .endsWith("; skipped to byte " + content.indexOf(cliEvent(3, "third")) + " and read on");
            assertThat(problem.raw()).hasSize(ParseProblem.MAX_RAW_BYTES);
        });
        // Every item is accounted for: read = stored + quarantined.
        assertThat(result.records().size() + result.problems().size()).isEqualTo(4);
    }

    @Test
    void anEventNestedTooDeepInASubscriptionPayloadCostsOnlyItselfAndTheNextPayloadIsRead() throws IOException {
        String header = "{\"messageType\":\"DATA_MESSAGE\",\"owner\":\"111122223333\",\"logGroup\":\"/var/log/secure\","
                + "\"logStream\":\"i-0123456789abcdef0\",\"subscriptionFilters\":[\"all\"],\"logEvents\":[";
        String deep = "{\"id\":\"id-2\",\"timestamp\":1762247732000,\"message\":\"m\",\"extra\":" + TOO_DEEP + "}";
        String content = header + logEvent(1, "first") + "," + deep + "," + logEvent(3, "third") + "]}\n"
                + header + logEvent(5, "fifth") + "]}\n";

        FormatHarness.Result result = read(content, "firehose-subscription.json");

        assertThat(result.streamError()).isEmpty();
        assertThat(result.events()).extracting(event -> event.eventId()).containsExactly("id-1", "id-3", "id-5");
        assertThat(result.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.position().offset()).isEqualTo(content.indexOf(deep));
            assertThat(problem.reason()).startsWith("record refused: Document nesting depth (201)")
                    .endsWith("; skipped to byte " + content.indexOf(logEvent(3, "third")) + " and read on");
        });
        assertThat(result.records().get(2).position().offset()).isEqualTo(content.indexOf(logEvent(5, "fifth")));
    }

    @Test
    void aTwentyMegabyteMessageInALogsInsightsArrayCostsOnlyItsRow() throws IOException {
        String third = insightsRow(3, "third");
        String content = "[" + insightsRow(1, "first") + "," + insightsRow(2, GIANT_MESSAGE) + "," + third + "]";

        FormatHarness.Result result = read(content, "insights-results.json");

        assertThat(result.streamError()).isEmpty();
        assertThat(result.records()).hasSize(2);
        assertThat(result.records().get(1).position().offset()).isEqualTo(content.indexOf(third));
        assertThat(result.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.position().offset()).isEqualTo(content.indexOf(insightsRow(2, GIANT_MESSAGE)));
            assertThat(problem.reason()).startsWith("record refused: String value length (")
                    .endsWith("; skipped to byte " + content.indexOf(third) + " and read on");
        });
    }

    private static String insightsRow(int n, String message) {
        return "{\"@timestamp\":\"2025-11-04 09:15:3" + n + ".000\",\"@logStream\":\"i-0123456789abcdef0\","
                + "\"@message\":\"" + message + "\"}";
    }
}
