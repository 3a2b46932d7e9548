package dev.cloudsift.formats.cloudtrail;

import dev.cloudsift.core.Nullable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Keeps the bytes a streaming parser reads from the current record onward, so the record can be stored exactly as
 * it was written (original spacing, key order, escapes) without serializing the parsed tree again. Bytes before the
 * point the reader still needs are dropped, except for a window that covers the parser's read-ahead.
 */
final class RecordingInputStream extends FilterInputStream {
    /** More than any parser reads ahead of the token it reports. */
    private static final int WINDOW = 64 * 1024;

    private byte[] buffer = new byte[4 * WINDOW];
    /** Absolute offset of {@code buffer[0]}. */
    private long bufferStart;
    private int length;
    private long keepFrom;

    RecordingInputStream(InputStream input) {
        super(input);
    }

    /** Bytes from {@code offset} on are kept until the next call; earlier ones may go. */
    void keepFrom(long offset) {
        keepFrom = offset;
    }

    /** Drops everything outside the read-ahead window (while a record is skipped, not stored). */
    void keepNothing() {
        keepFrom = Long.MAX_VALUE;
    }

    /** The text of bytes {@code [from, to)}, or null when they are no longer (or not yet) held. */
    @Nullable
    String text(long from, long to) {
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
            if (drop > 0) {
                System.arraycopy(buffer, drop, buffer, 0, length - drop);
                length -= drop;
                bufferStart = dropUpTo;
            }
            if (length + count > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + count));
            }
        }
        System.arraycopy(source, offset, buffer, length, count);
        length += count;
    }
}
