package dev.cloudsift.formats.cloudwatch;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.cloudsift.core.EventReader;
import dev.cloudsift.core.Json;
import dev.cloudsift.core.LogFormat;
import dev.cloudsift.core.Nullable;
import dev.cloudsift.core.Sample;
import dev.cloudsift.core.SourceContext;
import dev.cloudsift.core.TableSchema;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A Kinesis Lambda event ({@code {"Records":[{"kinesis":{"data":...}}]}}) whose records are CloudWatch Logs
 * subscription payloads. Claimed above {@link #STRONG} because CloudTrail files also open with {@code Records}.
 */
public final class KinesisEnvelopeFormat implements LogFormat {
    @Override
    public String name() {
        return "cloudwatch.kinesis";
    }

    @Override
    public String description() {
        return "CloudWatch Logs subscription payloads carried in a Kinesis Lambda event's Records[].kinesis.data";
    }

    @Override
    public List<TableSchema> tables() {
        return CloudWatchTables.WRITTEN;
    }

    @Override
    public int sniff(Sample sample) {
        if (sample.firstSignificantByte() != '{') {
            return NO;
        }
        String text = sample.text();
        if (!text.contains("\"Records\"") || !text.contains("\"kinesis\"")) {
            return NO;
        }
        String data = firstData(sample.head());
        if (data == null) {
            return WEAK;
        }
        try {
            String payload = new String(EnvelopeData.decode(data), StandardCharsets.UTF_8);
            return payload.contains("\"messageType\"") ? STRONG + 10 : WEAK;
        } catch (IOException notAPayload) {
            return WEAK;
        }
    }

    /** The first {@code data} string inside the head, read with a streaming parser that stops at the cut. */
    private static @Nullable String firstData(byte[] head) {
        try (JsonParser parser = Json.FACTORY.createParser(head)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token == JsonToken.FIELD_NAME && parser.currentName().equals("data")
                        && parser.nextToken() == JsonToken.VALUE_STRING) {
                    return parser.getText();
                }
            }
        } catch (IOException cutOrBroken) {
            return null;
        }
        return null;
    }

    @Override
    public EventReader open(InputStream content, SourceContext context) throws IOException {
        return new JsonDumpReader(content, context);
    }
}
