package dev.cloudsift.formats.json;

import dev.cloudsift.core.Nullable;
import dev.cloudsift.core.Utf8Slice;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Keeps the bytes a streaming parser reads from the current record onward, so the record can be stored exactly as
 * it was written (original spacing, key order, escapes) without serializing the parsed tree again. Bytes before the
 * point the reader still needs are dropped, except for a window that covers the parser's read-ahead.
 *
 * <p>It also lets a reader skip an array item its parser refused for a limit (a 50 MB string, nesting too deep) and
 * read on: {@link #nextItemAfter} finds the item's end by its brackets, {@link #remainderFrom(long, String)} gives
 * the rest of the input for a new parser.
 *
 * <p>Bytes once held are never overwritten: dropping old bytes moves the kept ones to a new array, so a
 * {@link #cell} handed out keeps pointing at the bytes it was cut from while the stream reads on.
 */
public final class RecordingInputStream extends FilterInputStream {
    /** More than any parser reads ahead of the token it reports. */
    private static final int WINDOW = 64 * 1024;

    private byte[] buffer;
    /** Absolute offset of {@code buffer[0]}. */
    private long bufferStart;
    private int length;
    private long keepFrom;

    public RecordingInputStream(InputStream input) {
        super(input);
        this.buffer = new byte[4 * WINDOW];
    }

    private RecordingInputStream(byte[] content, int length) {
        super(InputStream.nullInputStream());
        this.buffer = content;
        this.length = length;
    }

    /**
     * Holds the whole content {@code content[0, length)} from the start, without copying it: a parser reads the array
     * itself, so reading this stream gives nothing, and every byte stays held (cells share the array, which must not
     * change afterwards).
     */
    public static RecordingInputStream holding(byte[] content, int length) {
        Objects.checkFromIndexSize(0, length, content.length);
        return new RecordingInputStream(content, length);
    }

    /** Bytes from {@code offset} on are kept until the next call; earlier ones may go. */
    public void keepFrom(long offset) {
        keepFrom = offset;
    }

    /** Drops everything outside the read-ahead window (while a record is skipped, not stored). */
    public void keepNothing() {
        keepFrom = Long.MAX_VALUE;
    }

    /** Offset just past the last byte read. */
    public long end() {
        return bufferStart + length;
    }

    /** Bytes {@code [from, to)} as far as they are held, at most {@code max} of them. */
    public byte[] bytes(long from, long to, int max) {
        long start = Math.max(from, bufferStart);
        long stop = Math.min(Math.min(to, end()), start + max);
        if (stop <= start) {
            return new byte[0];
        }
        return Arrays.copyOfRange(buffer, (int) (start - bufferStart), (int) (stop - bufferStart));
    }

    /** Line breaks in the held bytes {@code [from, to)}. */
    public long lineBreaks(long from, long to) {
        long count = 0;
        for (long i = Math.max(from, bufferStart); i < Math.min(to, end()); i++) {
            if (buffer[(int) (i - bufferStart)] == '\n') {
                count++;
            }
        }
        return count;
    }

    /**
     * Looks from {@code from} on (reading further when needed, up to {@code limit} bytes) for the start of the next
     * trail record: {@code }} {@code ,} {@code {"eventVersion"}, with any white space between. The three characters
     * in a row can only be structure: inside a JSON string a {@code "} would be escaped. Returns the offset of the
     * {@code {}, or -1.
     */
    public long findNextRecord(long from, long limit) throws IOException {
        keepFrom = Math.min(keepFrom, from);
        long searched = from;
        byte[] chunk = new byte[WINDOW];
        while (true) {
            for (long i = searched; i < end(); i++) {
                if (at(i) == '}') {
                    long brace = recordStartAfter(i + 1);
                    if (brace >= 0) {
                        return brace;
                    }
                }
            }
            searched = Math.max(from, end() - 64);
            if (end() - from > limit) {
                return -1;
            }
            int read = in.read(chunk);
            if (read <= 0) {
                return -1;
            }
            append(chunk, 0, read);
        }
    }

    /**
     * Finds the end of the JSON value that starts at {@code from} (an object or array whose bytes from there on are
     * held) by its structure alone: brackets counted outside strings, escapes honoured. This skips a value the parser
     * refused (a string over the length limit) however long it is, holding only a window of it. Returns the offset just
     * past the value's closing bracket, or -1 when the input ends first; {@code lineBreaks[0]} gets the line breaks
     * passed over.
     */
    public long endOfValue(long from, long[] lineBreaks) throws IOException {
        int depth = 0;
        boolean inString = false;
        boolean escaped = false;
        long i = Math.max(from, bufferStart);
        byte[] chunk = new byte[WINDOW];
        while (true) {
            for (; i < end(); i++) {
                byte b = at(i);
                if (b == '\n') {
                    lineBreaks[0]++;
                }
                if (inString) {
                    if (escaped) {
                        escaped = false;
                    } else if (b == '\\') {
                        escaped = true;
                    } else if (b == '"') {
                        inString = false;
                    }
                } else if (b == '"') {
                    inString = true;
                } else if (b == '{' || b == '[') {
                    depth++;
                } else if (b == '}' || b == ']') {
                    depth--;
                    if (depth <= 0) {
                        return i + 1;
                    }
                }
            }
            // Only the window before the scan point is kept, however long the value is.
            keepFrom = end();
            int read = in.read(chunk);
            if (read <= 0) {
                return -1;
            }
            append(chunk, 0, read);
        }
    }

    /** The offset of the first byte at or after {@code from} that is not white space, reading more when needed. */
    public long skipWhiteSpace(long from) throws IOException {
        long i = from;
        byte[] chunk = new byte[256];
        while (true) {
            i = skipSpace(i);
            if (i < end()) {
                return i;
            }
            int read = in.read(chunk);
            if (read <= 0) {
                return i;
            }
            append(chunk, 0, read);
        }
    }

    /** The held byte at {@code offset}, or -1 when it is not held. */
    public int byteAt(long offset) {
        return offset >= bufferStart && offset < end() ? at(offset) & 0xFF : -1;
    }

    /** Where the array item after a skipped one begins, and how many line breaks lie before it. */
    public record NextItem(long offset, long lineBreaks) {}

    /**
     * Skips the array item (an object or array) starting at {@code itemStart}, which must still be held (see
     * {@link #keepFrom}), by its brackets alone, then the white space and comma after it: where the next item (or the
     * array's end) begins. Null when the input ends or breaks before the item closes.
     */
    public @Nullable NextItem nextItemAfter(long itemStart) {
        long[] lineBreaks = new long[1];
        long valueEnd;
        long next;
        try {
            valueEnd = endOfValue(itemStart, lineBreaks);
            if (valueEnd < 0) {
                return null;
            }
            next = skipWhiteSpace(valueEnd);
            if (byteAt(next) == ',') {
                next = skipWhiteSpace(next + 1);
            }
        } catch (IOException streamBroken) {
            return null;
        }
        return new NextItem(next, lineBreaks[0] + lineBreaks(valueEnd, next));
    }

    /**
     * {@code prefix} (ASCII, no line breaks: the brackets that put a new parser back inside the array), then the held
     * bytes from {@code offset} on, then the rest of the underlying stream.
     */
    public InputStream remainderFrom(long offset, String prefix) {
        return new SequenceInputStream(new ByteArrayInputStream(prefix.getBytes(StandardCharsets.US_ASCII)),
                remainderFrom(offset));
    }

    /** After a closing brace: white space, a comma, white space, {@code {}, white space, {@code "eventVersion"}. */
    private long recordStartAfter(long offset) {
        long i = skipSpace(offset);
        if (i >= end() || at(i) != ',') {
            return -1;
        }
        i = skipSpace(i + 1);
        if (i >= end() || at(i) != '{') {
            return -1;
        }
        long brace = i;
        i = skipSpace(i + 1);
        byte[] key = "\"eventVersion\"".getBytes(StandardCharsets.US_ASCII);
        if (i + key.length > end()) {
            return -1;
        }
        for (int k = 0; k < key.length; k++) {
            if (at(i + k) != key[k]) {
                return -1;
            }
        }
        return brace;
    }

    private long skipSpace(long offset) {
        long i = offset;
        while (i < end() && (at(i) == ' ' || at(i) == '\n' || at(i) == '\r' || at(i) == '\t')) {
            i++;
        }
        return i;
    }

    private byte at(long offset) {
        return buffer[(int) (offset - bufferStart)];
    }

    /** The held bytes from {@code offset} on, then the rest of the underlying stream. */
    public InputStream remainderFrom(long offset) {
        byte[] held = bytes(offset, end(), Integer.MAX_VALUE);
        return new SequenceInputStream(new ByteArrayInputStream(held), in);
    }

    /**
     * Bytes {@code [from, to)} as a VARCHAR or JSON cell: a {@link Utf8Slice} sharing the held bytes when they are all
     * ASCII (valid UTF-8 whatever they hold), else their decoded text, as {@link #text} gives it (a malformed sequence
     * becomes U+FFFD); null when they are no longer (or not yet) held.
     */
    @Nullable
    public Object cell(long from, long to) {
        if (from < bufferStart || to > bufferStart + length || from > to) {
            return null;
        }
        int start = (int) (from - bufferStart);
        int count = (int) (to - from);
        return ascii(buffer, start, count) ? Utf8Slice.of(buffer, start, count)
                : new String(buffer, start, count, StandardCharsets.UTF_8);
    }

    /**
     * The JSON string whose opening quote is at {@code quote}, as a cell sharing the held bytes, when its value is its
     * bytes (printable ASCII, no escape) and they are held up to its closing quote; else null, and the caller decodes
     * it. A string its parser has not yet read whole costs nothing to decode this way.
     */
    @Nullable
    public Utf8Slice plainString(long quote) {
        if (quote < bufferStart) {
            return null;
        }
        return plainString(buffer, (int) (quote - bufferStart), length);
    }

    /**
     * {@link #plainString(long)} in {@code bytes[0, end)}: the string opening at {@code quote}, when it is printable
     * ASCII without an escape and closes before {@code end}.
     */
    public static @Nullable Utf8Slice plainString(byte[] bytes, int quote, int end) {
        if (quote < 0 || quote >= end || bytes[quote] != '"') {
            return null;
        }
        int start = quote + 1;
        for (int i = start; i < end; i++) {
            byte b = bytes[i];
            if (b == '"') {
                return Utf8Slice.of(bytes, start, i - start);
            }
            // A byte of 0x80 and above is negative: UTF-8 left to the decoder, as are control characters and escapes.
            if (b < 0x20 || b == '\\') {
                return null;
            }
        }
        return null;
    }

    /** Whether {@code bytes[start, start + count)} are all below 0x80 (an or over all of them, which C2 vectorises). */
    private static boolean ascii(byte[] bytes, int start, int count) {
        int any = 0;
        for (int i = start, end = start + count; i < end; i++) {
            any |= bytes[i];
        }
        return any >= 0;
    }

    /** The text of bytes {@code [from, to)}, or null when they are no longer (or not yet) held. */
    @Nullable
    public String text(long from, long to) {
        if (from < bufferStart || to > bufferStart + length || from > to) {
            return null;
        }
        return new String(buffer, (int) (from - bufferStart), (int) (to - from), StandardCharsets.UTF_8);
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            append(new byte[] {(byte) b}, 0, 1);
        }
        return b;
    }

    @Override
    public int read(byte[] target, int offset, int count) throws IOException {
        int read = super.read(target, offset, count);
        if (read > 0) {
            append(target, offset, read);
        }
        return read;
    }

    @Override
    public long skip(long count) throws IOException {
        // Skipped bytes would leave a hole in the record; read them instead.
        byte[] sink = new byte[(int) Math.min(count, 8192)];
        int read = read(sink, 0, sink.length);
        return Math.max(read, 0);
    }

    private void append(byte[] source, int offset, int count) {
        if (length + count > buffer.length) {
            long end = bufferStart + length;
            long dropUpTo = Math.max(bufferStart, Math.min(keepFrom, end - WINDOW));
            int drop = (int) (dropUpTo - bufferStart);
            // Kept bytes move to a new array rather than down this one: cells cut from it stay as they were.
            int kept = length - drop;
            byte[] next = new byte[kept + count > buffer.length ? Math.max(buffer.length * 2, kept + count) : buffer.length];
            System.arraycopy(buffer, drop, next, 0, kept);
            buffer = next;
            length = kept;
            bufferStart += drop;
        }
        System.arraycopy(source, offset, buffer, length, count);
        length += count;
    }
}
