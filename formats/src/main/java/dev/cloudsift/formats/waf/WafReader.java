package dev.cloudsift.formats.waf;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cloudsift.core.DuplicateKeys;
import dev.cloudsift.core.EventReader;
import dev.cloudsift.core.Json;
import dev.cloudsift.core.Nullable;
import dev.cloudsift.core.ParseProblem;
import dev.cloudsift.core.Position;
import dev.cloudsift.core.ReadItem;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;

/**
 * Reads WAF records as a sequence of root-level JSON values: one per line (S3 delivery) or back to back without
 * any separator (Firehose). A broken record is quarantined and reading resumes at the next line break, or at the
 * next {@code }{} boundary when records are glued together.
 */
final class WafReader implements EventReader {
    /** A record larger than this is quarantined unread; WAF records are a few KB, a 1 MB URI still fits. */
    static final int MAX_RECORD_BYTES = 8 * 1024 * 1024;

    /** The caller's stream: only {@link #close} closes it. */
    private final InputStream content;
    private RecordWindowInput input;
    private JsonParser parser;
    /** Line number of this input's first byte minus one. */
    private long baseLine;
    /** Line number of the first byte of the record window. */
    private long windowLine = 1;
    private Position position = Position.START;
    private boolean finished;

    WafReader(InputStream content) throws IOException {
        this.content = content;
        start(content, 0, 0);
    }

    private void start(InputStream content, long absoluteOffset, long linesBefore) throws IOException {
        input = new RecordWindowInput(content, absoluteOffset, MAX_RECORD_BYTES);
        parser = Json.FACTORY.createParser(input);
        parser.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
        baseLine = linesBefore;
        windowLine = linesBefore + 1;
    }

    @Override
    public @Nullable ReadItem next() throws IOException {
        if (finished) {
            return null;
        }
        JsonNode node;
        try {
            JsonToken token = parser.nextToken();
            if (token == null) {
                finished = true;
                return null;
            }
            JsonLocation start = parser.currentTokenLocation();
            moveWindow(start);
            position = new Position(input.absoluteStart() + start.getByteOffset(), windowLine);
            node = Json.MAPPER.readTree(parser);
            position = position.withLength(parser.currentLocation().getByteOffset() - start.getByteOffset());
            moveWindow(parser.currentLocation());
        } catch (RecordWindowInput.RecordTooLargeException tooLarge) {
            return quarantine("WAF record longer than " + MAX_RECORD_BYTES
                    + " bytes; quarantined unread, reading resumes at the next line");
        } catch (StreamReadException broken) {
            return quarantine("broken JSON in WAF record: " + broken.getOriginalMessage()
                    + "; reading resumes at the next line");
        }
        List<String> duplicates = DuplicateKeys.takeFrom(node);
        String defect = WafRecords.defect(node);
        if (defect != null) {
            return ParseProblem.of(position, defect, node.toString());
        }
        return WafRecords.map(node, position).withAnomalies(duplicates);
    }

    /** The record window now starts at {@code location}: the start of a record, or the end of the one just read. */
    private void moveWindow(JsonLocation location) {
        input.startRecord(location.getByteOffset());
        windowLine = baseLine + location.getLineNr();
    }

    /**
     * Quarantines the record that starts the window and restarts the parser at the next line break (or glued
     * {@code }{} boundary), reading on from the source if the window does not reach that far.
     */
    private ParseProblem quarantine(String reason) throws IOException {
        byte[] window = input.window();
        int length = input.windowLength();
        long windowOffset = input.absoluteStart() + input.windowStart();
        int first = 0;
        long newlines = 0;
        while (first < length && isWhitespace(window[first])) {
            if (window[first] == '\n') {
                newlines++;
            }
            first++;
        }
        Position problemAt = new Position(windowOffset + first, windowLine + newlines);
        ByteArrayOutputStream raw = new ByteArrayOutputStream();

        // Scan the window, then the source, for the resume point; keep at most MAX_RAW_BYTES of what is skipped.
        byte previous = first < length ? window[first] : 0;
        long skipped = Math.min(first + 1L, length);
        raw.write(window, first, (int) (skipped - first));
        byte[] chunk = window;
        int chunkStart = first + 1;
        int chunkEnd = length;
        InputStream source = input.source();
        byte[] buffer = null;
        while (true) {
            int resume = -1;
            for (int i = chunkStart; i < chunkEnd; i++) {
                byte b = chunk[i];
                if (b == '\n') {
                    newlines++;
                    resume = i + 1;
                    break;
                }
                if (b == '{' && previous == '}') {
                    resume = i;
                    break;
                }
                previous = b;
            }
            int end = resume < 0 ? chunkEnd : resume;
            int keep = Math.min(end - chunkStart, ParseProblem.MAX_RAW_BYTES - raw.size());
            if (keep > 0) {
                raw.write(chunk, chunkStart, keep);
            }
            skipped += end - chunkStart;
            if (resume >= 0) {
                byte[] rest = Arrays.copyOfRange(chunk, resume, chunkEnd);
                start(new PrefixedInput(rest, source), windowOffset + skipped, windowLine - 1 + newlines);
                break;
            }
            if (buffer == null) {
                buffer = new byte[64 * 1024];
            }
            int n = source.read(buffer);
            if (n < 0) {
                finished = true;
                break;
            }
            chunk = buffer;
            chunkStart = 0;
            chunkEnd = n;
        }
        return new ParseProblem(problemAt, reason, trimEnd(raw.toByteArray()));
    }

    private static byte[] trimEnd(byte[] raw) {
        int end = raw.length;
        while (end > 0 && isWhitespace(raw[end - 1])) {
            end--;
        }
        return end == raw.length ? raw : Arrays.copyOf(raw, end);
    }

    private static boolean isWhitespace(byte b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }

    @Override
    public Position position() {
        return position;
    }

    @Override
    public void close() throws IOException {
        finished = true;
        content.close();
    }

    /**
     * Bytes already read past a broken record, then the rest of the stream. Unlike {@link java.io.SequenceInputStream}
     * it never closes the stream under it at its end: the caller may still look at it after the last record.
     */
    private static final class PrefixedInput extends InputStream {
        private final byte[] prefix;
        private int next;
        private final InputStream rest;

        PrefixedInput(byte[] prefix, InputStream rest) {
            this.prefix = prefix;
            this.rest = rest;
        }

        @Override
        public int read() throws IOException {
            return next < prefix.length ? prefix[next++] & 0xFF : rest.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            if (next < prefix.length) {
                int n = Math.min(length, prefix.length - next);
                System.arraycopy(prefix, next, buffer, offset, n);
                next += n;
                return n;
            }
            return rest.read(buffer, offset, length);
        }
    }
}
