package dev.cloudsift.formats.vpcflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.cloudsift.core.DuplicateKeys;
import dev.cloudsift.core.Json;
import dev.cloudsift.core.LogRecord;
import dev.cloudsift.core.Nullable;
import dev.cloudsift.core.ParseProblem;
import dev.cloudsift.core.PathHints;
import dev.cloudsift.core.Position;
import dev.cloudsift.core.ReadItem;
import dev.cloudsift.formats.lines.BoundedLineReader;
import java.io.InputStream;

/** Reads shipped events one JSON line at a time and the flow line inside each as the text reader would. */
final class VpcFlowBeatsReader extends FlowLineReader {
    /** A shipped event adds host, agent and cloud metadata to the flow line; far below this all the same. */
    static final int MAX_LINE_BYTES = 1024 * 1024;
    private static final ObjectReader STRICT = Json.MAPPER.readerFor(JsonNode.class)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    VpcFlowBeatsReader(InputStream content, PathHints hints, @Nullable VpcFlowLayout optionLayout) {
        super(content, hints, optionLayout, MAX_LINE_BYTES, "a shipped flow log event");
    }

    @Override
    @Nullable ReadItem interpret(BoundedLineReader.Line line, Position position) {
        // The shipped JSON line is the record's bytes, as the text reader points at its flow line.
        String text = line.text();
        if (text.isBlank()) {
            return null;
        }
        JsonNode event;
        try {
            event = STRICT.readTree(text);
        } catch (JsonProcessingException e) {
            return new ParseProblem(position, "line is not valid JSON: " + e.getOriginalMessage(), lines.lastLineBytes());
        }
        String flow = event == null ? null : VpcFlowBeatsFormat.flowText(event);
        if (flow == null) {
            DuplicateKeys.takeFrom(event == null ? Json.MAPPER.nullNode() : event);
            return new ParseProblem(position, "shipped event without a flow log line: expected it in message or"
                    + " event.original", lines.lastLineBytes());
        }
        flow = flow.strip();
        if (flow.isEmpty() || hasControlCharacter(flow)) {
            DuplicateKeys.takeFrom(event);
            return new ParseProblem(position, flow.isEmpty() ? "shipped event with an empty flow log line"
                    : "binary data where a flow log line was expected", lines.lastLineBytes());
        }
        ReadItem item = flowLines.interpret(flow, position);
        java.util.List<String> duplicates = DuplicateKeys.takeFrom(event);
        if (item == null) {
            return null; // a header the shipper carried like any other line
        }
        if (item instanceof ParseProblem problem) {
            // Quarantine the shipped event as read: its metadata says where the line came from.
            return new ParseProblem(position, problem.reason(), lines.lastLineBytes());
        }
        return item instanceof LogRecord record ? record.withAnomalies(duplicates) : item;
    }

    /** Flow fields never carry control characters; one means a damaged line (as in the text reader). */
    private static boolean hasControlCharacter(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7F || c == '\uFFFD') {
                return true;
            }
        }
        return false;
    }
}
