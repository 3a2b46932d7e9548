package dev.cloudsift.formats.cloudwatch;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cloudsift.core.Envelopes;
import dev.cloudsift.core.EventReader;
import dev.cloudsift.core.Json;
import dev.cloudsift.core.Nullable;
import dev.cloudsift.core.ParseProblem;
import dev.cloudsift.core.Position;
import dev.cloudsift.core.ReadItem;
import dev.cloudsift.core.Skipped;
import dev.cloudsift.core.SourceContext;
import dev.cloudsift.formats.json.RecordingInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Reads every JSON shape of CloudWatch Logs: subscription payloads (root objects back to back, as Firehose writes
 * them), Lambda {@code awslogs} envelopes, Kinesis {@code Records}, CLI {@code events} pages and Logs Insights
 * {@code results}, any number of root values in one file. Arrays of events are streamed item by item; a
 * subscription payload whose header fields come after its {@code logEvents} is held until its end.
 */
final class JsonDumpReader implements EventReader {
    /** A Kinesis record holds a payload; a payload never holds another envelope. */
    private static final int MAX_ENVELOPE_DEPTH = 1;

    /** The last bytes read from the content, by their offset in it, for quarantining what could not be read. */
    private final RecentBytes recent;
    /** What the parser reads, held from the current array item on so a refused item can be skipped. */
    private RecordingInputStream input;
    private JsonParser parser;
    /** Added to the parser's offsets and lines once it was restarted after a refused item. */
    private long offsetShift;
    private long lineShift;
    private final MessageInterpreter interpreter;
    private final SourceContext context;
    private final @Nullable String optionGroup;
    private final @Nullable String optionStream;
    /** For payloads decoded out of an envelope: the shape and position of the envelope. */
    private final @Nullable String envelopeShape;
    private final @Nullable Position envelopePosition;
    private final int depth;
    /** For payloads decoded out of an envelope: the envelope path from the outer record to the payload. */
    private final @Nullable String envelopePrefix;
    /** Index of the next item of the array being streamed. */
    private int itemIndex;
    private final Deque<ReadItem> pending = new ArrayDeque<>();
    private boolean finished;

    private @Nullable RootObject root;
    /** The field whose array items are being streamed ({@code "[]"} for a root array), or null. */
    private @Nullable String streaming;
    private Position itemPosition = Position.START;
    private long itemOffset;
    /** The line the current array item starts on (in the content, not an envelope). */
    private long itemLine;
    /** Where the last complete root value ended: a break between root values quarantines the bytes from here. */
    private long endOfLastValue;

    /** What has been seen of the current root object. */
    private static final class RootObject {
        final Position position;
        final long offset;
        long end;
        long length = -1;
        @Nullable String messageType;
        @Nullable String owner;
        @Nullable String logGroup;
        @Nullable String logStream;
        @Nullable String subscriptionFilters;
        boolean sawOwner;
        boolean sawFilters;
        @Nullable JsonNode heldLogEvents;
        boolean recognised;

        RootObject(Position position, long offset) {
            this.position = position;
            this.offset = offset;
        }

        LogEventMapping.Header header() {
            return new LogEventMapping.Header(owner, logGroup, logStream, subscriptionFilters);
        }
    }

    JsonDumpReader(InputStream content, SourceContext context) throws IOException {
        this(content, context, null, null, null, 0);
    }

    private JsonDumpReader(InputStream content, SourceContext context, @Nullable String envelopeShape,
            @Nullable Position envelopePosition, @Nullable String envelopePrefix, int depth) throws IOException {
        this.recent = new RecentBytes(content, ParseProblem.MAX_RAW_BYTES + 64 * 1024);
        this.input = new RecordingInputStream(recent);
        this.input.keepNothing();
        this.parser = newParser(input);
        this.context = context;
        this.interpreter = new MessageInterpreter(context);
        this.optionGroup = context.option("cloudwatch.log-group");
        this.optionStream = context.option("cloudwatch.log-stream");
        this.envelopeShape = envelopeShape;
        this.envelopePosition = envelopePosition;
        this.depth = depth;
        this.envelopePrefix = envelopePrefix;
    }

    private static JsonParser newParser(InputStream source) throws IOException {
        JsonParser parser = Json.FACTORY.createParser(source);
        parser.setCodec(Json.MAPPER);
        // The content outlives a parser restarted after a refused item; close() closes it.
        parser.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
        return parser;
    }

    @Override
    public @Nullable ReadItem next() throws IOException {
        while (pending.isEmpty() && !finished) {
            try {
                step();
            } catch (StreamConstraintsException e) {
                // A value over a parser limit (a 50 MB message, nesting too deep) in sound JSON: only its item is lost.
                if (streaming == null || !skipRefusedItem(e)) {
                    broken(e);
                }
            } catch (JsonProcessingException e) {
                broken(e);
            }
        }
        return pending.poll();
    }

    /**
     * Skips the array item the parser refused by its brackets in the recorded bytes, quarantines it, and restarts the
     * parser on the next item of the same array; false when the item never closes.
     */
    private boolean skipRefusedItem(StreamConstraintsException error) throws IOException {
        long itemStart = itemOffset - offsetShift;
        byte[] start = input.bytes(itemStart, Long.MAX_VALUE, ParseProblem.MAX_RAW_BYTES);
        RecordingInputStream.NextItem following = input.nextItemAfter(itemStart);
        if (following == null) {
            return false;
        }
        long nextAbsolute = following.offset() + offsetShift;
        long nextLine = itemLine < 0 ? -1 : itemLine + following.lineBreaks();
        // An array inside a root object is followed by the rest of that object: a synthetic object holds it.
        boolean inObject = root != null;
        String prefix = inObject ? "{\"\":[" : "[";
        InputStream rest = input.remainderFrom(following.offset(), prefix);
        parser.close();
        input = new RecordingInputStream(rest);
        input.keepNothing();
        parser = newParser(input);
        offsetShift = nextAbsolute - prefix.length();
        lineShift = nextLine < 0 ? 0 : nextLine - 1;
        for (int token = 0; token < (inObject ? 3 : 1); token++) {
            parser.nextToken();
        }
        itemIndex++;
        pending.add(new ParseProblem(itemPosition, "record refused: " + error.getOriginalMessage() + "; skipped to byte "
                + nextAbsolute + " and read on", start));
        return true;
    }

    private void step() throws IOException {
        if (streaming != null) {
            streamItem();
            return;
        }
        if (root == null) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                finished = true;
                return;
            }
            Position position = here();
            long offset = tokenOffset();
            if (token == JsonToken.START_OBJECT) {
                root = new RootObject(position, offset);
            } else if (token == JsonToken.START_ARRAY) {
                stream("[]");
            } else {
                endOfLastValue = offsetNow();
                pending.add(new ParseProblem(position, "expected a JSON object (a CloudWatch Logs payload, CLI output"
                        + " or Logs Insights results), found " + describe(token),
                        parser.getText().getBytes(StandardCharsets.UTF_8)));
            }
            return;
        }
        JsonToken token = parser.nextToken();
        if (token == JsonToken.END_OBJECT) {
            root.end = offsetNow();
            endOfLastValue = root.end;
            root.length = root.end - root.offset;
            finishRoot(root);
            root = null;
            return;
        }
        if (token != JsonToken.FIELD_NAME) {
            throw new JsonParseException(parser, "unexpected end of input inside an object");
        }
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        switch (name) {
            case "messageType" -> root.messageType = scalar(value);
            case "owner" -> {
                root.owner = scalar(value);
                root.sawOwner = true;
            }
            case "logGroup" -> root.logGroup = scalar(value);
            case "logStream" -> root.logStream = scalar(value);
            case "subscriptionFilters" -> {
                JsonNode filters = parser.readValueAsTree();
                root.subscriptionFilters = filters == null || filters.isNull() ? null : filters.toString();
                root.sawFilters = true;
            }
            case "logEvents" -> logEvents(value);
            case "events", "results", "Records" -> {
                if (value == JsonToken.START_ARRAY) {
                    root.recognised = true;
                    stream(name);
                } else {
                    parser.skipChildren();
                }
            }
            case "awslogs" -> {
                Position position = here();
                long start = tokenOffset();
                JsonNode envelope = parser.readValueAsTree();
                root.recognised = true;
                position = position.withLength(offsetNow() - start);
                decodeEnvelope(Json.pathString(envelope, "data"), "lambda", position, envelope, "/data|base64|gunzip");
            }
            default -> parser.skipChildren();
        }
    }

    private void logEvents(JsonToken value) throws IOException {
        RootObject current = root;
        current.recognised = true;
        boolean headerComplete = current.messageType != null && current.sawOwner && current.logGroup != null
                && current.logStream != null && current.sawFilters;
        if (value == JsonToken.START_ARRAY && headerComplete && current.messageType.equals("DATA_MESSAGE")) {
            stream("logEvents");
        } else {
            current.heldLogEvents = parser.readValueAsTree();
        }
    }

    private void streamItem() throws IOException {
        JsonToken token = parser.nextToken();
        if (token == JsonToken.END_ARRAY) {
            if (root == null) {
                endOfLastValue = offsetNow();
            }
            streaming = null;
            return;
        }
        if (token == null) {
            throw new JsonParseException(parser, "unexpected end of input inside an array");
        }
        itemPosition = here();
        itemOffset = tokenOffset();
        itemLine = parser.currentTokenLocation().getLineNr() + lineShift;
        input.keepFrom(itemOffset - offsetShift);
        JsonNode item = parser.readValueAsTree();
        input.keepNothing();
        // Token offsets of a byte-based parser are bytes: the item is exactly these bytes of the content.
        if (envelopePosition == null) {
            itemPosition = itemPosition.withLength(offsetNow() - itemOffset);
        }
        String field = streaming;
        int index = itemIndex++;
        String inArray = Envelopes.pointer(field, index);
        switch (field) {
            case "logEvents" -> add(LogEventMapping.subscription(item, root.header(), shape("subscription"),
                    pointing(itemPosition, "/message", inArray + "/message")), item, itemPosition);
            case "events" -> add(LogEventMapping.cli(item, optionGroup, optionStream,
                    pointing(itemPosition, "/message", inArray + "/message")), item, itemPosition);
            case "results" -> add(LogEventMapping.insightsPairs(item, optionGroup, pointing(itemPosition, null, inArray)),
                    item, itemPosition);
            case "Records" -> {
                JsonNode data = Json.path(item, "kinesis", "data");
                decodeEnvelope(Json.string(data), "kinesis", itemPosition, item, "/kinesis/data|base64|gunzip");
            }
            default -> rootArrayItem(item, index);
        }
    }

    private void stream(String field) {
        streaming = field;
        itemIndex = 0;
    }

    /**
     * Where a record inside an outer record is: the outer record's bytes and the path to it ({@code fromOuter}, or
     * none), or, for a payload decoded out of an envelope, the envelope's bytes and the path through the decoding
     * to the payload's root and on ({@code fromRoot}).
     */
    private Position pointing(Position outer, @Nullable String fromOuter, String fromRoot) {
        if (envelopePrefix != null) {
            return envelopePosition.withEnvelope(envelopePrefix + fromRoot);
        }
        return fromOuter == null ? outer : outer.withEnvelope(fromOuter);
    }

    /** An item of a root-level array: a payload, a Logs Insights row exported as JSON, or a CLI event. */
    private void rootArrayItem(JsonNode item, int index) {
        String inRoot = Envelopes.pointer(index);
        if (item.isObject() && item.has("messageType")) {
            payload(item, shape("subscription"), itemPosition, "", inRoot);
        } else if (item.isObject() && (item.has("@timestamp") || item.has("@message"))) {
            add(LogEventMapping.insights((ObjectNode) item, optionGroup, "insights-json",
                    pointing(itemPosition, null, inRoot)), item, itemPosition);
        } else if (item.isObject() && item.has("message") && item.has("timestamp")) {
            add(LogEventMapping.cli(item, optionGroup, optionStream, pointing(itemPosition, "/message", inRoot + "/message")),
                    item, itemPosition);
        } else {
            pending.add(problem(itemPosition, "array item is neither a subscription payload, a Logs Insights row nor"
                    + " a log event", item));
        }
    }

    private void finishRoot(RootObject finished) {
        if (finished.heldLogEvents != null) {
            ObjectNode payload = Json.MAPPER.createObjectNode();
            payload.put("messageType", finished.messageType);
            payload.put("owner", finished.owner);
            payload.put("logGroup", finished.logGroup);
            payload.put("logStream", finished.logStream);
            payload.set("logEvents", finished.heldLogEvents);
            payload(payload, finished.header(), shape("subscription"), finished.position.withLength(finished.length), "", "");
            return;
        }
        if ("CONTROL_MESSAGE".equals(finished.messageType)) {
            pending.add(new Skipped(finished.position, "control message"));
            return;
        }
        if (finished.messageType != null && !finished.messageType.equals("DATA_MESSAGE")) {
            pending.add(new ParseProblem(finished.position, "unknown messageType '" + finished.messageType
                    + "'; expected DATA_MESSAGE or CONTROL_MESSAGE",
                    recent.between(finished.offset, finished.end, ParseProblem.MAX_RAW_BYTES)));
            return;
        }
        if (!finished.recognised) {
            pending.add(new ParseProblem(finished.position, "expected a CloudWatch Logs object with messageType and"
                    + " logEvents, awslogs, Records, events or results", recent.between(finished.offset, finished.end,
                    ParseProblem.MAX_RAW_BYTES)));
        }
    }

    /** A whole subscription payload held as a tree (decoded from an envelope, or with its header after its events). */
    private void payload(JsonNode payload, String shape, Position position, String fromOuter, String fromRoot) {
        LogEventMapping.Header header = new LogEventMapping.Header(Json.string(payload.get("owner")),
                Json.string(payload.get("logGroup")), Json.string(payload.get("logStream")),
                Json.text(payload.get("subscriptionFilters")));
        payload(payload, header, shape, position, fromOuter, fromRoot);
    }

    /** The events of a payload held whole; {@code fromOuter} and {@code fromRoot} lead to the payload (see pointing). */
    private void payload(JsonNode payload, LogEventMapping.Header header, String shape, Position position,
                         String fromOuter, String fromRoot) {
        String messageType = Json.string(payload.get("messageType"));
        if ("CONTROL_MESSAGE".equals(messageType)) {
            pending.add(new Skipped(position, "control message"));
            return;
        }
        if (!"DATA_MESSAGE".equals(messageType)) {
            pending.add(problem(position, messageType == null
                    ? "subscription payload without messageType; expected DATA_MESSAGE or CONTROL_MESSAGE"
                    : "unknown messageType '" + messageType + "'; expected DATA_MESSAGE or CONTROL_MESSAGE", payload));
            return;
        }
        JsonNode events = payload.get("logEvents");
        if (events == null || !events.isArray()) {
            pending.add(problem(position, "subscription payload without a logEvents array", payload));
            return;
        }
        for (int i = 0; i < events.size(); i++) {
            JsonNode item = events.get(i);
            String inPayload = Envelopes.pointer("logEvents", i, "message");
            add(LogEventMapping.subscription(item, header, shape,
                    pointing(position, fromOuter + inPayload, fromRoot + inPayload)), item, position);
        }
    }

    /** Base64 → gzip/zlib → payload JSON, read by a nested reader whose items all sit at the envelope's position. */
    private void decodeEnvelope(@Nullable String data, String shape, Position position, JsonNode envelope,
                                String decoding) {
        if (data == null) {
            pending.add(problem(position, shape.equals("lambda") ? "awslogs envelope without a data string"
                    : "Kinesis record without kinesis.data", envelope));
            return;
        }
        if (depth >= MAX_ENVELOPE_DEPTH) {
            pending.add(problem(position, "envelope inside an envelope; expected a subscription payload", envelope));
            return;
        }
        byte[] decoded;
        try {
            decoded = EnvelopeData.decode(data);
        } catch (IOException e) {
            pending.add(problem(position, (shape.equals("lambda") ? "awslogs.data " : "kinesis.data ") + e.getMessage(),
                    envelope));
            return;
        }
        try (JsonDumpReader inner = new JsonDumpReader(new ByteArrayInputStream(decoded), context, shape, position,
                decoding, depth + 1)) {
            ReadItem item;
            while ((item = inner.next()) != null) {
                pending.add(item);
            }
        } catch (IOException e) {
            pending.add(problem(position, shape + " data could not be read: " + e.getMessage(), envelope));
        }
    }

    private void add(LogEventMapping.Mapped mapped, JsonNode item, Position position) {
        if (mapped.event() != null) {
            pending.add(interpreter.interpret(mapped.event()));
        } else {
            pending.add(problem(position, mapped.problem(), item));
        }
    }

    /** The JSON stopped parsing: quarantine what was read of the current value and stop. */
    private void broken(JsonProcessingException e) {
        finished = true;
        JsonLocation location = e.getLocation();
        String where = location == null ? "" : " at line " + (location.getLineNr() + lineShift) + ", column " + location.getColumnNr();
        long start = streaming != null ? itemOffset : root != null ? root.offset : endOfLastValue;
        if (envelopePosition != null) {
            // A payload decoded out of an envelope: only this payload is lost, the file goes on.
            pending.add(new ParseProblem(envelopePosition, envelopeShape + " data is not valid JSON" + where + ": "
                    + JacksonMessages.clean(e), recent.since(0, ParseProblem.MAX_RAW_BYTES)));
            return;
        }
        Position position = streaming != null ? itemPosition : root != null ? root.position
                : new Position(endOfLastValue, location != null ? location.getLineNr() + lineShift : -1);
        pending.add(new ParseProblem(position, "invalid JSON" + where + ": " + JacksonMessages.clean(e)
                + "; nothing after this point was read", recent.since(start, ParseProblem.MAX_RAW_BYTES)));
    }

    private ParseProblem problem(Position position, String reason, JsonNode item) {
        return ParseProblem.of(position, reason, item.toString());
    }

    private String shape(String plain) {
        return envelopeShape != null ? envelopeShape : plain;
    }

    private Position here() {
        if (envelopePosition != null) {
            return envelopePosition;
        }
        JsonLocation location = parser.currentTokenLocation();
        return new Position(location.getByteOffset() + offsetShift, location.getLineNr() + lineShift);
    }

    /** The offset in the content of the token the parser stands on. */
    private long tokenOffset() {
        return parser.currentTokenLocation().getByteOffset() + offsetShift;
    }

    /** The offset in the content just past what the parser has read. */
    private long offsetNow() {
        return parser.currentLocation().getByteOffset() + offsetShift;
    }

    private @Nullable String scalar(JsonToken value) throws IOException {
        if (value == null || value.isStructStart()) {
            parser.skipChildren();
            return null;
        }
        return value == JsonToken.VALUE_NULL ? null : parser.getText();
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.asString();
        };
    }

    @Override
    public Position position() {
        if (envelopePosition != null) {
            return envelopePosition;
        }
        JsonLocation location = parser.currentLocation();
        return new Position(location.getByteOffset() + offsetShift, location.getLineNr() + lineShift);
    }

    @Override
    public void close() throws IOException {
        parser.close();
        recent.close();
    }
}
