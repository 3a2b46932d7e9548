package dev.cloudsift.formats.vpcflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cloudsift.core.EventReader;
import dev.cloudsift.core.Json;
import dev.cloudsift.core.LogFormat;
import dev.cloudsift.core.Nullable;
import dev.cloudsift.core.Sample;
import dev.cloudsift.core.SourceContext;
import dev.cloudsift.core.TableSchema;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * VPC flow log lines as Filebeat or Elastic Agent ship them: one JSON object per line (NDJSON) whose
 * {@code message}, or {@code event.original} when the shipper's pipeline kept the original, holds the flow line
 * ({@code {"@timestamp":…,"message":"2 123456789012 eni-… …","input":{"type":"aws-s3"},…}}). Recognised by content.
 */
public final class VpcFlowBeatsFormat implements LogFormat {
    @Override
    public String name() {
        return "vpcflow.beats";
    }

    @Override
    public String description() {
        return "VPC flow log lines wrapped by Filebeat or Elastic Agent (JSON lines with the flow line in message or event.original)";
    }

    @Override
    public List<TableSchema> tables() {
        return List.of(VpcFlowTables.VPCFLOW);
    }

    @Override
    public int sniff(Sample sample) {
        if (sample.firstSignificantByte() != '{' || !firstLineWhole(sample)) {
            return NO;
        }
        JsonNode first;
        try {
            first = Json.MAPPER.readTree(sample.firstLine().strip());
        } catch (IOException | RuntimeException notOneObjectPerLine) {
            return NO;
        }
        String line = first == null ? null : flowText(first);
        if (line == null) {
            return NO;
        }
        line = line.strip();
        return VpcFlowLayout.isHeader(line) || VpcFlowLayout.recognise(line) != null ? STRONG : NO;
    }

    /**
     * Whether the sample holds its first line to the end. A shipped event is one short line; a first line longer than
     * the sample (a CloudTrail file is one line) cannot be one, and parsing 64 KiB of it only to fail cost a few
     * percent of reading a folder of trail files.
     */
    private static boolean firstLineWhole(Sample sample) {
        if (sample.complete()) {
            return true;
        }
        for (byte b : sample.head()) {
            if (b == '\n') {
                return true;
            }
        }
        return false;
    }

    @Override
    public EventReader open(InputStream content, SourceContext context) throws IOException {
        String format = context.option(VpcFlowTextFormat.FORMAT_OPTION);
        VpcFlowLayout layout = null;
        if (format != null && !format.isBlank()) {
            try {
                layout = VpcFlowLayout.parse(format);
            } catch (IllegalArgumentException e) {
                content.close();
                throw new IOException("option " + VpcFlowTextFormat.FORMAT_OPTION + ": " + e.getMessage(), e);
            }
        }
        return new VpcFlowBeatsReader(content, context.hints(), layout);
    }

    /**
     * The flow line a shipped event carries: {@code event.original} (as an object path or one dotted key), which is
     * the line as read even when an ingest pipeline rewrote {@code message}, else {@code message}; null if neither.
     */
    static @Nullable String flowText(JsonNode event) {
        if (!event.isObject()) {
            return null;
        }
        JsonNode original = Json.path(event, "event", "original");
        if (original == null || !original.isTextual()) {
            original = event.get("event.original");
        }
        if (original != null && original.isTextual()) {
            return original.textValue();
        }
        JsonNode message = event.get("message");
        return message != null && message.isTextual() ? message.textValue() : null;
    }
}
