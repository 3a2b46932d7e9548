package dev.cloudsift.formats.cloudtrail;

import dev.cloudsift.core.Nullable;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream into lines with their byte offsets and numbers. A line longer than the limit is not
 * buffered: its first bytes are kept for the quarantine and the rest is skipped up to the next line break.
 */
final class LineSplitter implements Closeable {
    /** One line without its line break (and without a trailing CR). */
    record Line(byte[] bytes, int length, long offset, long number, boolean tooLong) {}

    private final InputStream input;
    private final long limit;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int end;
    private long consumed;
    private long lineNumber;
    private byte[] line = new byte[8 * 1024];

    LineSplitter(InputStream input, long limit) {
        this.input = input;
        this.limit = limit;
    }

    /** Byte offset of the next unread byte. */
    long offset() {
        return consumed + position;
    }

    long lineNumber() {
        return lineNumber;
    }

    /** The next line, or null at the end; the returned bytes are only valid until the next call. */
    @Nullable
    Line next() throws IOException {
        long start = offset();
        int length = 0;
        long total = 0;
        boolean sawAny = false;
        while (true) {
            if (position == end && !fill()) {
                if (!sawAny) {
                    return null;
                }
                break;
            }
            sawAny = true;
            int from = position;
            int newline = -1;
            for (int i = from; i < end; i++) {
                if (buffer[i] == '\n') {
                    newline = i;
                    break;
                }
            }
            int stop = newline < 0 ? end : newline;
            int chunk = stop - from;
            total += chunk;
            int keep = (int) Math.min(chunk, Math.max(0, Math.min(limit, Integer.MAX_VALUE - 8) - length));
            if (keep > 0) {
                ensure(length + keep);
                System.arraycopy(buffer, from, line, length, keep);
                length += keep;
            }
            position = newline < 0 ? end : newline + 1;
            if (newline >= 0) {
                break;
            }
        }
        lineNumber++;
        if (length > 0 && line[length - 1] == '\r' && total <= limit) {
            length--;
        }
        return new Line(line, length, start, lineNumber, total > limit);
    }

    private boolean fill() throws IOException {
        consumed += end;
        position = 0;
        end = 0;
        int read = input.read(buffer);
        if (read <= 0) {
            return false;
        }
        end = read;
        return true;
    }

    private void ensure(int capacity) {
        if (capacity > line.length) {
            line = Arrays.copyOf(line, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(capacity, (long) line.length * 2)));
        }
    }

    @Override
    public void close() throws IOException {
        input.close();
    }
}
