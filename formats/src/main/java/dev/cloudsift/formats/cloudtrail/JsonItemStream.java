package dev.cloudsift.formats.cloudtrail;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cloudsift.core.Json;
import dev.cloudsift.core.Nullable;
import dev.cloudsift.core.ParseProblem;
import dev.cloudsift.core.Position;
import dev.cloudsift.core.ReadItem;
import dev.cloudsift.core.Skipped;
import dev.cloudsift.core.Utf8Slice;
import dev.cloudsift.formats.json.RecordingInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * Streams the items of a JSON file one at a time, whatever wraps them: {@code {"Records":[...]}},
 * {@code {"Events":[...],"NextToken":...}} (one page or several pages back to back), a bare array, or objects back to
 * back. Each item is bound to a tree on its own, so a 50 MB single-line file never sits in the heap as a whole.
 *
 * <p>Invalid JSON cannot be resynchronised inside a stream, so a syntax error turns the rest of the file into one
 * {@link ParseProblem}. A record over the size limit is skipped token by token and reading goes on.
 */
final class JsonItemStream implements Closeable {
    /** Records larger than this are refused (and skipped) rather than bound to a tree. */
    static final long MAX_RECORD_BYTES = 16L * 1024 * 1024;
    /**
     * Content up to this size is decompressed into one array first and parsed there (a trail file holds well under a
     * MiB): nothing is copied again on its way to the parser or into the bytes held for slices. Larger content streams.
     */
    static final int WHOLE_CONTENT_BYTES = 8 * 1024 * 1024;
    private static final int FIRST_ARRAY_BYTES = 1024 * 1024;

    /** Turns one item (a JSON object found in the file) into what the reader yields. */
    interface ItemMapper {
        /**
         * An item of an array, walked token by token.
         *
         * @param rawText the item's original text when it could be kept, else null; decoded only when asked for
         */
        ReadItem walked(RecordFields item, Position position, Supplier<String> rawText);

        /** An item bound as a tree: a root object that is itself the record, or an item whose offsets are not bytes. */
        ReadItem bound(JsonNode item, Position position, @Nullable String rawText);
    }

    private enum State { ROOT, ROOT_OBJECT, ITEMS, DONE }

    private final long maxRecordBytes;
    /** The stream this one was made on, closed with it. */
    private final InputStream source;
    private RecordingInputStream input;
    private SizeLimitedParser parser;
    /** Added to the parser's offsets and lines once it was restarted after a syntax error. */
    private long offsetShift;
    private long lineShift;
    /** Where the current item starts, in the parser's own offsets. */
    private long itemStart;
    private final ItemMapper mapper;
    private @Nullable RecordWalker walker;
    private @Nullable SizeLimitedParser walkerParser;
    private State state = State.ROOT;
    /** Whether the current item array sits inside a root object (Records/Events) rather than at the root. */
    private boolean itemsInsideObject;
    private boolean rootHadItems;
    private ObjectNode rootFields;
    private long rootFieldBytes;
    private Position rootPosition = Position.START;
    private Position itemPosition = Position.START;
    /** Whether an array item is being read, and where the stream broke inside one. */
    private boolean inItem;
    private @Nullable Position brokenAt;

    JsonItemStream(InputStream input, ItemMapper mapper) throws IOException {
        this(input, mapper, MAX_RECORD_BYTES);
    }

    JsonItemStream(InputStream input, ItemMapper mapper, long maxRecordBytes) throws IOException {
        this.maxRecordBytes = maxRecordBytes;
        this.source = input;
        this.mapper = mapper;
        byte[] content = new byte[FIRST_ARRAY_BYTES];
        int length = 0;
        InputStream rest = null;
        try {
            int n;
            while ((n = input.read(content, length, content.length - length)) >= 0) {
                length += n;
                if (length == content.length) {
                    if (length >= WHOLE_CONTENT_BYTES) {
                        rest = input;
                        break;
                    }
                    content = Arrays.copyOf(content, Math.min(length * 2, WHOLE_CONTENT_BYTES));
                }
            }
        } catch (IOException broken) {
            // The bytes before the break are read as the stream gave them, and then the break, where it happened.
            rest = new InputStream() {
                @Override
                public int read() throws IOException {
                    throw broken;
                }

                @Override
                public int read(byte[] target, int offset, int count) throws IOException {
                    throw broken;
                }
            };
        }
        if (rest == null) {
            this.input = RecordingInputStream.holding(content, length);
            this.parser = sized(Json.FACTORY.createParser(content, 0, length));
        } else {
            this.input = new RecordingInputStream(
                    new SequenceInputStream(new ByteArrayInputStream(content, 0, length), rest));
            this.parser = newParser(this.input);
        }
    }

    private SizeLimitedParser newParser(InputStream source) throws IOException {
        return sized(Json.FACTORY.createParser(source));
    }

    private SizeLimitedParser sized(JsonParser json) {
        // The source outlives a parser restarted after a syntax error; close() closes it.
        json.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
        return new SizeLimitedParser(json, maxRecordBytes);
    }

    /** Where the parser is now, for quarantining the rest when the stream breaks. */
    Position position() {
        if (brokenAt != null) {
            return brokenAt;
        }
        var location = parser.currentLocation();
        return new Position(location.getByteOffset() + offsetShift, location.getLineNr() + lineShift);
    }

    /** The next item, problem or skip; null at the end of the input. Throws only when the stream itself fails. */
    @Nullable
    ReadItem next() throws IOException {
        while (state != State.DONE) {
            try {
                ReadItem item = step();
                if (item != null) {
                    return item;
                }
            } catch (RecordTooLargeException e) {
                inItem = false;
                return skipOversizedRecord();
            } catch (StreamConstraintsException e) {
                // A value over a length limit in otherwise sound JSON: the record's structure still shows its end.
                boolean wasInItem = inItem;
                inItem = false;
                ReadItem skipped = wasInItem ? skipRefusedItem(e) : null;
                return skipped != null ? skipped : quarantineRest(e);
            } catch (JsonProcessingException e) {
                inItem = false;
                return quarantineRest(e);
            } catch (IOException e) {
                // A record the stream broke inside is lost with the rest: report the break where that record began.
                brokenAt = inItem ? itemPosition : null;
                state = State.DONE;
                throw new BrokenStreamException(e);
            }
        }
        return null;
    }

    /** Advances by one token-level step; returns an item when one is complete. */
    private @Nullable ReadItem step() throws IOException {
        switch (state) {
            case ROOT -> {
                JsonToken token = parser.nextToken();
                if (token == null) {
                    state = State.DONE;
                    return null;
                }
                Position position = tokenPosition();
                if (token == JsonToken.START_ARRAY) {
                    itemsInsideObject = false;
                    state = State.ITEMS;
                    return null;
                }
                if (token == JsonToken.START_OBJECT) {
                    itemStart = parser.currentTokenLocation().getByteOffset();
                    input.keepFrom(itemStart);
                    rootPosition = position;
                    rootFields = JsonNodeFactory.instance.objectNode();
                    rootFieldBytes = 0;
                    rootHadItems = false;
                    state = State.ROOT_OBJECT;
                    return null;
                }
                JsonNode value = readValue();
                return ParseProblem.of(position, "top-level value is " + JsonValues.describe(value)
                        + ", expected a JSON object or array", value.toString());
            }
            case ROOT_OBJECT -> {
                JsonToken token = parser.nextToken();
                if (token == JsonToken.END_OBJECT) {
                    state = State.ROOT;
                    if (rootHadItems) {
                        return null;
                    }
                    if (rootFields.isEmpty()) {
                        return new Skipped(rootPosition, "empty JSON object");
                    }
                    ObjectNode item = rootFields;
                    rootFields = null;
                    String rootText = input.text(itemStart, currentOffset());
                    return mapper.bound(item, rootPosition.withLength(currentOffset() - itemStart), rootText);
                }
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (("Records".equals(name) || "Events".equals(name)) && value == JsonToken.START_ARRAY) {
                    input.keepNothing();
                    rootHadItems = true;
                    itemsInsideObject = true;
                    state = State.ITEMS;
                    return null;
                }
                if ("Records".equals(name) && value != JsonToken.VALUE_NULL) {
                    Position position = tokenPosition();
                    JsonNode wrong = readValue();
                    rootHadItems = true;
                    return ParseProblem.of(position, "Records is " + JsonValues.describe(wrong)
                            + ", expected an array of records", wrong.toString());
                }
                long start = parser.currentTokenLocation().getByteOffset();
                parser.startRecord();
                JsonNode node = readValue();
                parser.endRecord();
                rootFieldBytes += parser.currentLocation().getByteOffset() - start;
                if (rootFieldBytes > parser.limit()) {
                    throw new RecordTooLargeException(parser, parser.limit());
                }
                rootFields.set(name, node);
                return null;
            }
            case ITEMS -> {
                JsonToken token = parser.nextToken();
                if (token == null) {
                    state = State.DONE;
                    return null;
                }
                if (token == JsonToken.END_ARRAY) {
                    state = itemsInsideObject ? State.ROOT_OBJECT : State.ROOT;
                    return null;
                }
                Position position = tokenPosition();
                itemPosition = position;
                itemStart = parser.currentTokenLocation().getByteOffset();
                input.keepFrom(itemStart);
                parser.startRecord();
                inItem = true;
                // Offsets are the input's bytes only when the parser reads UTF-8 from its first byte (no byte order
                // mark, no UTF-16): then the item is walked and cut from them, else bound as a tree.
                boolean sliceable = token == JsonToken.START_OBJECT && input.byteAt(itemStart) == '{';
                RecordFields fields = sliceable ? walker().walk() : null;
                JsonNode node = fields != null ? null : sliceable ? rereadItem() : readValue();
                inItem = false;
                parser.endRecord();
                long start = itemStart;
                long end = currentOffset();
                // Token offsets of a byte-based parser are bytes: the item is exactly these bytes of the content.
                position = position.withLength(end - start);
                if (fields != null) {
                    ReadItem item = mapper.walked(fields, position, () -> input.text(start, end));
                    input.keepNothing();
                    return item;
                }
                if (!node.isObject()) {
                    String raw = input.text(start, end);
                    input.keepNothing();
                    return ParseProblem.of(position, "array item is " + JsonValues.describe(node)
                            + ", expected a JSON object", raw != null ? raw : node.toString());
                }
                String raw = input.text(start, end);
                ReadItem item = mapper.bound(node, position, sliceable ? raw : null);
                input.keepNothing();
                return item;
            }
            default -> {
                return null;
            }
        }
    }

    /** The walker of this parser's items, made again when the parser was restarted over a new input. */
    private RecordWalker walker() {
        if (walker == null || walkerParser != parser) {
            RecordingInputStream source = input;
            walker = new RecordWalker(parser, new RecordWalker.Slices() {
                @Override
                public @Nullable String text(long from, long to) {
                    return source.text(from, to);
                }

                @Override
                public @Nullable Object cell(long from, long to) {
                    return source.cell(from, to);
                }

                @Override
                public @Nullable Utf8Slice plainString(long quote) {
                    return source.plainString(quote);
                }
            });
            walkerParser = parser;
        }
        return walker;
    }

    /** The item just walked, bound from its text: a slice of it could not be cut (its bytes were no longer held). */
    private JsonNode rereadItem() throws IOException {
        String text = input.text(itemStart, currentOffset());
        if (text == null) {
            throw new IOException("record text no longer held; cannot read it whole");
        }
        return Json.MAPPER.readTree(text);
    }

    private JsonNode readValue() throws IOException {
        JsonNode node = Json.MAPPER.readTree(parser);
        return node == null ? JsonNodeFactory.instance.nullNode() : node;
    }

    private long currentOffset() {
        return parser.currentLocation().getByteOffset();
    }

    private Position tokenPosition() {
        var location = parser.currentTokenLocation();
        return new Position(location.getByteOffset() + offsetShift, location.getLineNr() + lineShift);
    }

    /** Skips the rest of a record that grew past the limit, then carries on with the next one. */
    private ReadItem skipOversizedRecord() throws IOException {
        parser.endRecord();
        input.keepNothing();
        Position where = state == State.ITEMS ? itemPosition : rootPosition;
        int targetDepth = switch (state) {
            case ITEMS -> itemsInsideObject ? 2 : 1;
            case ROOT_OBJECT -> 1;
            default -> 0;
        };
        if (state == State.ROOT_OBJECT && !rootHadItems) {
            // The root object is itself the record: drop it whole.
            targetDepth = 0;
            state = State.ROOT;
            rootFields = null;
        }
        try {
            while (parser.getParsingContext().getNestingDepth() > targetDepth) {
                if (parser.nextToken() == null) {
                    break;
                }
            }
        } catch (JsonProcessingException e) {
            return quarantineRest(e);
        }
        return ParseProblem.of(where, "record is larger than " + (parser.limit() / (1024 * 1024))
                + " MiB; skipped to byte " + parser.currentLocation().getByteOffset() + " and read on", null);
    }

    /**
     * A syntax error. Inside a trail file's {@code Records} (or a bare array of trail records) reading restarts at the
     * next record, found by its opening {@code },{"eventVersion"}; anywhere else the stream cannot be
     * resynchronised, so the rest of the file becomes one problem.
     */
    private ReadItem quarantineRest(JsonProcessingException error) throws IOException {
        long errorAt = error.getLocation() == null || error.getLocation().getByteOffset() < 0 ? currentOffset()
                : error.getLocation().getByteOffset();
        long errorLine = error.getLocation() == null ? parser.currentLocation().getLineNr()
                : error.getLocation().getLineNr();
        Position where = new Position(errorAt + offsetShift, errorLine + lineShift);
        if (state == State.ITEMS) {
            ReadItem skipped = skipToNextRecord(error, errorAt, errorLine);
            if (skipped != null) {
                return skipped;
            }
        }
        state = State.DONE;
        ByteArrayOutputStream rest = new ByteArrayOutputStream();
        // JsonParserDelegate does not pass releaseBuffered on, so ask the real parser.
        parser.delegate().releaseBuffered(rest);
        byte[] buffer = new byte[8192];
        try {
            int read;
            while (rest.size() < ParseProblem.MAX_RAW_BYTES && (read = input.read(buffer)) > 0) {
                rest.write(buffer, 0, read);
            }
        } catch (IOException streamAlsoBroken) {
            // The rest is quarantined either way; keep the bytes we have.
        }
        return new ParseProblem(where, "invalid JSON: " + error.getOriginalMessage()
                + "; the rest of the file from here is quarantined", rest.toByteArray());
    }

    /**
     * Skips an array item the parser refused for a limit (a 50 MB string) by finding its closing bracket in the raw
     * bytes, then reads on from the next item. Null when the item never closes.
     */
    private @Nullable ReadItem skipRefusedItem(StreamConstraintsException error) throws IOException {
        byte[] start = input.bytes(itemStart, Long.MAX_VALUE, ParseProblem.MAX_RAW_BYTES);
        RecordingInputStream.NextItem following = input.nextItemAfter(itemStart);
        if (following == null) {
            return null;
        }
        long next = following.offset();
        long nextAbsolute = next + offsetShift;
        long breaks = following.lineBreaks();
        restartAt(next, itemPosition.line() < 0 ? -1 : itemPosition.line() + breaks);
        return new ParseProblem(itemPosition, "record refused: " + error.getOriginalMessage()
                + "; skipped to byte " + nextAbsolute + " and read on", start);
    }

    /** Restarts the parser at {@code next} (an offset of the current input) inside the item array. */
    private void restartAt(long next, long nextLine) throws IOException {
        long nextAbsolute = next + offsetShift;
        String prefix = itemsInsideObject ? "{\"Records\":[" : "[";
        InputStream rest = new SequenceInputStream(
                new ByteArrayInputStream(prefix.getBytes(StandardCharsets.US_ASCII)), input.remainderFrom(next));
        parser.close();
        input = new RecordingInputStream(rest);
        parser = newParser(input);
        offsetShift = nextAbsolute - prefix.length();
        lineShift = nextLine - 1;
        // Step over the prefix so the parser stands where the skipped record's array left off.
        parser.nextToken();
        if (itemsInsideObject) {
            parser.nextToken();
            parser.nextToken();
        }
    }

    /** Restarts the parser at the next trail record after a broken one; null when there is none to find. */
    private @Nullable ReadItem skipToNextRecord(JsonProcessingException error, long errorAt, long errorLine)
            throws IOException {
        long next;
        try {
            next = input.findNextRecord(Math.max(itemStart, errorAt), maxRecordBytes);
        } catch (IOException streamBroken) {
            return null;
        }
        if (next < 0) {
            return null;
        }
        byte[] broken = input.bytes(itemStart, next, ParseProblem.MAX_RAW_BYTES);
        long nextAbsolute = next + offsetShift;
        long nextLine = errorLine + lineShift + input.lineBreaks(errorAt, next);
        String prefix = itemsInsideObject ? "{\"Records\":[" : "[";
        InputStream rest = new SequenceInputStream(
                new ByteArrayInputStream(prefix.getBytes(StandardCharsets.US_ASCII)), input.remainderFrom(next));
        parser.close();
        input = new RecordingInputStream(rest);
        parser = newParser(input);
        offsetShift = nextAbsolute - prefix.length();
        lineShift = nextLine - 1;
        // Step over the prefix so the parser stands where the broken record's array left off.
        parser.nextToken();
        if (itemsInsideObject) {
            parser.nextToken();
            parser.nextToken();
        }
        return new ParseProblem(itemPosition, "invalid JSON: " + error.getOriginalMessage() + " (at byte "
                + (errorAt + (nextAbsolute - next)) + "); skipped to the next record at byte " + nextAbsolute, broken);
    }

    @Override
    public void close() throws IOException {
        parser.close();
        input.close();
        source.close();
    }
}
