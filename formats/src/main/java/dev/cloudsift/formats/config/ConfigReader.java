package dev.cloudsift.formats.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cloudsift.core.EventReader;
import dev.cloudsift.core.Envelopes;
import dev.cloudsift.core.Json;
import dev.cloudsift.core.Nullable;
import dev.cloudsift.core.ParseProblem;
import dev.cloudsift.core.PathHints;
import dev.cloudsift.core.Position;
import dev.cloudsift.core.ReadItem;
import dev.cloudsift.core.Skipped;
import dev.cloudsift.core.SourceContext;
import dev.cloudsift.formats.json.RecordingInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;

/**
 * Streams every AWS Config shape: a top-level object is read key by key; the arrays that hold items
 * ({@code configurationItems}, {@code baseConfigurationItems}, {@code Results}) are read one element at a time,
 * whatever key comes first; any other object (a notification, a Lambda rule event, a single item) is one message.
 * Several top-level values back to back (JSON lines, concatenated pages) and a top-level array are read too.
 */
final class ConfigReader implements EventReader {
    /** Option naming the largest item, in bytes, that is read; larger items are quarantined unread. */
    static final String MAX_ITEM_BYTES_OPTION = "config.max-item-bytes";
    /** Config items are rarely above a few hundred KB; SSM inventories and big policies stay well under this. */
    static final long DEFAULT_MAX_ITEM_BYTES = 8L * 1024 * 1024;

    /**
     * The shared bounded factory, also accepting raw control characters inside strings: hand-saved items carry
     * them (a Windows user name with a line break), and the value is kept exactly as written.
     */
    static final JsonFactory FACTORY = ((JsonFactoryBuilder) Json.FACTORY.rebuild())
            .enable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS)
            .build();

    private enum State { BETWEEN_VALUES, IN_OBJECT, IN_ITEMS, IN_TOP_ARRAY }

    private final InputStream content;
    /** What the parser reads, held from the current item on so a refused item can be skipped by its brackets. */
    private RecordingInputStream input;
    private JsonParser parser;
    /** Added to the parser's offsets and lines once it was restarted after a refused item. */
    private long offsetShift;
    private long lineShift;
    private final SourceContext context;
    private final PathHints hints;
    private final long maxItemBytes;
    private final ArrayDeque<ReadItem> pending = new ArrayDeque<>();

    private State state = State.BETWEEN_VALUES;
    /** The scalar and small fields of the current top-level object, kept in case it is a message. */
    private ObjectNode rest;
    private Position objectPosition = Position.START;
    private boolean sawItemArray;
    /** Bytes of the fields kept in {@link #rest}: a message is bounded as a whole like an item. */
    private long restBytes;
    private String itemArray;
    private ConfigShape fileShape = ConfigShape.HISTORY;
    private Position current = Position.START;

    ConfigReader(InputStream content, SourceContext context) throws IOException {
        this.content = content;
        this.input = new RecordingInputStream(content);
        this.input.keepNothing();
        this.parser = newParser(input);
        this.context = context;
        this.hints = context.hints();
        this.maxItemBytes = maxItemBytes(context);
    }

    private static JsonParser newParser(InputStream source) throws IOException {
        JsonParser parser = FACTORY.createParser(source);
        // The content outlives a parser restarted after a refused item; close() closes it.
        parser.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
        return parser;
    }

    private static long maxItemBytes(SourceContext context) throws IOException {
        String option = context.option(MAX_ITEM_BYTES_OPTION);
        if (option == null) {
            return DEFAULT_MAX_ITEM_BYTES;
        }
        try {
            return Long.parseLong(option.strip());
        } catch (NumberFormatException e) {
            throw new IOException(MAX_ITEM_BYTES_OPTION + " must be a number of bytes, got '" + option + "'");
        }
    }

    @Override
    public @Nullable ReadItem next() throws IOException {
        try {
            while (pending.isEmpty()) {
                if (!step()) {
                    return null;
                }
            }
            return pending.poll();
        } catch (StreamConstraintsException e) {
            // A value over a parser limit (a 50 MB string, nesting too deep) in sound JSON: only its item is lost.
            ReadItem skipped = state == State.IN_ITEMS || state == State.IN_TOP_ARRAY ? skipRefusedItem(e) : null;
            if (skipped != null) {
                return skipped;
            }
            throw new IOException("unreadable JSON in " + describeState() + ": " + ConfigItemRecords.jsonError(e), e);
        } catch (JsonProcessingException e) {
            // constraint violations carry no location of their own: the parser still knows where it is
            JsonLocation location = e.getLocation() != null ? e.getLocation() : parser.currentLocation();
            String where = location == null ? "" : " at line " + (location.getLineNr() + lineShift)
                    + ", byte " + (location.getByteOffset() + offsetShift);
            throw new IOException("unreadable JSON" + where + " in " + describeState() + ": " + ConfigItemRecords.jsonError(e), e);
        }
    }

    private String describeState() {
        return switch (state) {
            case IN_ITEMS -> "the " + itemArray + " array (the item starting " + current.describe() + ")";
            case IN_OBJECT -> "the object starting " + objectPosition.describe();
            case IN_TOP_ARRAY -> "the top-level array (the element starting " + current.describe() + ")";
            case BETWEEN_VALUES -> "the value starting " + current.describe();
        };
    }

    /** Advances by one token-level step; false at the end of the input. */
    private boolean step() throws IOException {
        switch (state) {
            case BETWEEN_VALUES -> {
                JsonToken token = parser.nextToken();
                if (token == null) {
                    return false;
                }
                current = here();
                if (token == JsonToken.START_OBJECT) {
                    state = State.IN_OBJECT;
                    objectPosition = current;
                    rest = BoundedTrees.NODES.objectNode();
                    sawItemArray = false;
                    restBytes = 0;
                    fileShape = pathSaysSnapshot() ? ConfigShape.SNAPSHOT : ConfigShape.HISTORY;
                } else if (token == JsonToken.START_ARRAY) {
                    state = State.IN_TOP_ARRAY;
                } else {
                    BoundedTrees.Value value = BoundedTrees.read(parser, maxItemBytes);
                    pending.add(ParseProblem.of(current, "expected a JSON object or array at the top level, found "
                            + (value.tooLarge() ? "an oversized value" : ConfigItemRecords.describe(value.node())),
                            value.tooLarge() ? "" : value.node().toString()));
                }
            }
            case IN_OBJECT -> objectField();
            case IN_ITEMS -> arrayElement(true);
            case IN_TOP_ARRAY -> arrayElement(false);
        }
        return true;
    }

    private void objectField() throws IOException {
        JsonToken token = parser.nextToken();
        if (token == JsonToken.END_OBJECT) {
            state = State.BETWEEN_VALUES;
            if (!sawItemArray) {
                objectPosition = objectPosition.withLength(offsetNow() - objectPosition.offset());
                pending.addAll(ConfigMessages.read(rest, objectPosition, hints));
            }
            rest = null;
            return;
        }
        String name = parser.currentName();
        JsonToken valueToken = parser.nextToken();
        current = here();
        boolean itemContainer = name.equals("configurationItems") || name.equals("baseConfigurationItems")
                || (name.equals("Results") && valueToken == JsonToken.START_ARRAY);
        if (itemContainer) {
            sawItemArray = true;
            if (valueToken == JsonToken.START_ARRAY) {
                itemArray = name;
                state = State.IN_ITEMS;
                return;
            }
            BoundedTrees.Value value = BoundedTrees.read(parser, maxItemBytes);
            pending.add(ParseProblem.of(current, name + " is "
                    + (value.tooLarge() ? "an oversized value" : ConfigItemRecords.describe(value.node()))
                    + ", expected an array of configuration items", value.tooLarge() ? "" : value.node().toString()));
            return;
        }
        if (name.equals("unprocessedResourceKeys") && valueToken == JsonToken.START_ARRAY) {
            sawItemArray = true;
            BoundedTrees.Value keys = BoundedTrees.read(parser, maxItemBytes);
            int count = keys.tooLarge() ? 1 : Math.max(keys.node().size(), 0);
            for (int i = 0; i < count; i++) {
                pending.add(new Skipped(current, "batch-get-resource-config left a resource unprocessed (unprocessedResourceKeys)"));
            }
            return;
        }
        if (name.equals("configSnapshotId")) {
            fileShape = ConfigShape.SNAPSHOT;
        }
        if (sawItemArray) {
            // A file of items is not a message: its other top-level values are ids and tokens, not needed.
            parser.skipChildren();
            return;
        }
        BoundedTrees.Value value = BoundedTrees.read(parser, maxItemBytes - restBytes);
        if (value.tooLarge()) {
            pending.add(ParseProblem.of(objectPosition, "top-level object spans more than " + maxItemBytes
                    + " bytes before its field " + name + " ends (" + MAX_ITEM_BYTES_OPTION + ")", ""));
            sawItemArray = true; // the object cannot be read as one message any more; its problem is reported
            return;
        }
        restBytes += value.bytes();
        rest.set(name, value.node());
    }

    private void arrayElement(boolean ofObject) throws IOException {
        JsonToken token = parser.nextToken();
        if (token == JsonToken.END_ARRAY) {
            state = ofObject ? State.IN_OBJECT : State.BETWEEN_VALUES;
            return;
        }
        current = here();
        input.keepFrom(parser.currentTokenLocation().getByteOffset());
        BoundedTrees.Value value = BoundedTrees.read(parser, maxItemBytes);
        input.keepNothing();
        if (value.tooLarge()) {
            pending.add(ParseProblem.of(current, "configuration item spans " + value.bytes()
                    + " bytes, over the limit of " + maxItemBytes + " bytes (" + MAX_ITEM_BYTES_OPTION + ")", ""));
            return;
        }
        JsonNode node = value.node();
        current = current.withLength(offsetNow() - current.offset());
        if (!ofObject) {
            if (node.isObject()) {
                pending.addAll(ConfigMessages.read(node, current, hints));
            } else {
                pending.add(ParseProblem.of(current, "top-level array element is " + ConfigItemRecords.describe(node)
                        + ", expected a configuration item or a Config notification", node.toString()));
            }
            return;
        }
        switch (itemArray) {
            case "baseConfigurationItems" -> pending.add(item(node, ConfigShape.BATCH));
            case "Results" -> pending.add(selectResult(node));
            default -> pending.add(item(node, isFileItem(node) ? fileShape : ConfigShape.API_HISTORY));
        }
    }

    private ReadItem item(JsonNode node, ConfigShape shape) {
        return ConfigItemRecords.toRecord(node, shape, ConfigItemRecords.Notification.NONE, current, hints);
    }

    private ReadItem selectResult(JsonNode node) {
        JsonNode row = node;
        if (node.isTextual()) {
            try {
                row = ConfigItemRecords.parseEmbedded(node.textValue());
            } catch (JsonProcessingException e) {
                return ParseProblem.of(current, "select-resource-config result is not valid JSON: " + ConfigItemRecords.jsonError(e),
                        node.textValue());
            }
            if (row == null) {
                return ParseProblem.of(current, "select-resource-config result is empty", node.textValue());
            }
        }
        Position at = node.isTextual() ? current.withEnvelope(Envelopes.JSON_STRING) : current;
        return ConfigItemRecords.toRecord(row, ConfigShape.SELECT, ConfigItemRecords.Notification.NONE, at, hints);
    }

    /** File items use the delivery spelling; the API spells the same fields differently (formats.md 8.3). */
    private static boolean isFileItem(JsonNode node) {
        return node.has("awsAccountId") || node.has("configurationItemVersion") || node.has("ARN");
    }

    private boolean pathSaysSnapshot() {
        String path = context.path();
        return path.contains("ConfigSnapshot");
    }

    /**
     * Skips the item the parser refused by its brackets in the recorded bytes and restarts the parser on the next
     * one, inside the same array; null when the item never closes (then the rest is unreadable).
     */
    private @Nullable ReadItem skipRefusedItem(StreamConstraintsException error) throws IOException {
        long itemStart = current.offset() - offsetShift;
        byte[] start = input.bytes(itemStart, Long.MAX_VALUE, ParseProblem.MAX_RAW_BYTES);
        RecordingInputStream.NextItem following = input.nextItemAfter(itemStart);
        if (following == null) {
            return null;
        }
        long nextAbsolute = following.offset() + offsetShift;
        // Inside an object the rest of that object follows the array: a synthetic object holds it.
        String prefix = state == State.IN_ITEMS ? "{\"\":[" : "[";
        InputStream rest = input.remainderFrom(following.offset(), prefix);
        parser.close();
        input = new RecordingInputStream(rest);
        input.keepNothing();
        parser = newParser(input);
        offsetShift = nextAbsolute - prefix.length();
        lineShift = current.line() < 0 ? 0 : current.line() + following.lineBreaks() - 1;
        for (int token = 0; token < (state == State.IN_ITEMS ? 3 : 1); token++) {
            parser.nextToken();
        }
        String reason = (state == State.IN_ITEMS ? "configuration item" : "top-level array element")
                + " refused: " + error.getOriginalMessage() + "; skipped to byte " + nextAbsolute + " and read on";
        return new ParseProblem(current, reason, start);
    }

    private Position here() {
        JsonLocation location = parser.currentTokenLocation();
        return new Position(location.getByteOffset() + offsetShift, location.getLineNr() + lineShift);
    }

    /** The offset in the content just past what the parser has read. */
    private long offsetNow() {
        return parser.currentLocation().getByteOffset() + offsetShift;
    }

    /** The start of what is being read: a message object is quarantined whole, an item array from its item. */
    @Override
    public Position position() {
        return state == State.IN_OBJECT && !sawItemArray ? objectPosition : current;
    }

    @Override
    public void close() throws IOException {
        parser.close();
        content.close();
    }
}
