package dev.cloudsift.formats.cloudtrail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.cloudsift.core.EventReader;
import dev.cloudsift.core.Json;
import dev.cloudsift.core.Nullable;
import dev.cloudsift.core.ParseProblem;
import dev.cloudsift.core.PathHints;
import dev.cloudsift.core.Position;
import dev.cloudsift.core.ReadItem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads one JSON object per line: CloudTrail records as Athena, CloudTrail Lake, EventBridge or a Logstash/OpenSearch
 * dump write them. Each line stands alone, so a broken line is quarantined and the next one is read.
 */
final class JsonLinesReader implements EventReader {
    private static final ObjectReader STRICT = Json.MAPPER.readerFor(JsonNode.class)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final LineSplitter lines;
    private final String shape;
    private final PathHints hints;

    JsonLinesReader(InputStream content, String shape, PathHints hints) {
        this.lines = new LineSplitter(content, JsonItemStream.MAX_RECORD_BYTES);
        this.shape = shape;
        this.hints = hints;
    }

    @Override
    public @Nullable ReadItem next() throws IOException {
        LineSplitter.Line line;
        while ((line = nextLine()) != null) {
            if (isBlank(line)) {
                continue;
            }
            Position position = new Position(line.offset(), line.number()).withLength(line.length());
            if (line.tooLong()) {
                return new ParseProblem(position, "line is longer than "
                        + (JsonItemStream.MAX_RECORD_BYTES / (1024 * 1024)) + " MiB",
                        Arrays.copyOf(line.bytes(), Math.min(line.length(), ParseProblem.MAX_RAW_BYTES)));
            }
            RecordFields walked = RecordWalker.walk(line.bytes(), 0, line.length(), false);
            if (walked != null) {
                LineSplitter.Line read = line;
                return CloudTrailItems.toItem(walked, shape, position, () -> text(read), hints);
            }
            JsonNode node;
            try {
                node = STRICT.readTree(line.bytes(), 0, line.length());
            } catch (JsonProcessingException e) {
                return new ParseProblem(position, "line is not valid JSON: " + e.getOriginalMessage(),
                        Arrays.copyOf(line.bytes(), Math.min(line.length(), ParseProblem.MAX_RAW_BYTES)));
            }
            String text = text(line);
            if (!node.isObject()) {
                return ParseProblem.of(position, "line holds " + JsonValues.describe(node)
                        + ", expected a JSON object", text);
            }
            return CloudTrailItems.toItem(node, shape, position, text, hints);
        }
        return null;
    }

    /** The line as text, without surrounding white space or a byte order mark. */
    private static String text(LineSplitter.Line line) {
        String text = new String(line.bytes(), 0, line.length(), StandardCharsets.UTF_8).strip();
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    private LineSplitter.@Nullable Line nextLine() throws IOException {
        try {
            return lines.next();
        } catch (IOException e) {
            throw new BrokenStreamException(e);
        }
    }

    private static boolean isBlank(LineSplitter.Line line) {
        byte[] bytes = line.bytes();
        for (int i = 0; i < line.length(); i++) {
            byte b = bytes[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    @Override
    public Position position() {
        return new Position(lines.offset(), lines.lineNumber() + 1);
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
