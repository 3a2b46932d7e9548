package dev.cloudsift.formats.s3access;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a text stream line by line without trusting it: a line longer than the cap is consumed to its end but
 * only its first {@code maxLineBytes} are kept, and it is flagged so the caller can quarantine it.
 */
final class BoundedLineReader {
    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] chunk = new byte[64 * 1024];
    private int chunkPosition;
    private int chunkEnd;
    private byte[] line = new byte[1024];
    private int lineLength;
    private long nextOffset;
    private long nextLineNumber = 1;

    private long offset;
    private long lineNumber;
    private long fullLength;

    BoundedLineReader(InputStream in, int maxLineBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    /** Moves to the next line; false at the end of the stream. */
    boolean next() throws IOException {
        offset = nextOffset;
        lineNumber = nextLineNumber;
        lineLength = 0;
        fullLength = 0;
        boolean any = false;
        while (true) {
            if (chunkPosition == chunkEnd) {
                int n = in.read(chunk);
                if (n < 0) {
                    return any;
                }
                chunkPosition = 0;
                chunkEnd = n;
                continue;
            }
            any = true;
            int newline = -1;
            for (int i = chunkPosition; i < chunkEnd; i++) {
                if (chunk[i] == '\n') {
                    newline = i;
                    break;
                }
            }
            int end = newline < 0 ? chunkEnd : newline;
            keep(chunkPosition, end - chunkPosition);
            nextOffset += end - chunkPosition;
            fullLength += end - chunkPosition;
            if (newline >= 0) {
                chunkPosition = newline + 1;
                nextOffset++;
                nextLineNumber++;
                return true;
            }
            chunkPosition = chunkEnd;
        }
    }

    private void keep(int from, int length) {
        int room = Math.min(length, maxLineBytes - lineLength);
        if (room <= 0) {
            return;
        }
        if (lineLength + room > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, lineLength + room));
        }
        System.arraycopy(chunk, from, line, lineLength, room);
        lineLength += room;
    }

    /** Whether the current line was longer than the cap (then {@link #text()} holds only its start). */
    boolean tooLong() {
        return fullLength > maxLineBytes;
    }

    /** Length of the current line in bytes, as it was in the stream (without the line break). */
    long fullLength() {
        return fullLength;
    }

    /** Bytes of the current line in the stream without its line break and trailing carriage return. */
    long recordLength() {
        boolean carriageReturn = !tooLong() && lineLength > 0 && line[lineLength - 1] == '\r';
        return carriageReturn ? fullLength - 1 : fullLength;
    }

    /** The current line as UTF-8 text, without a trailing carriage return. */
    String text() {
        int length = lineLength;
        if (!tooLong() && length > 0 && line[length - 1] == '\r') {
            length--;
        }
        return new String(line, 0, length, StandardCharsets.UTF_8);
    }

    /** The current line's bytes as received (at most the cap), for quarantine. */
    byte[] bytes() {
        return Arrays.copyOf(line, lineLength);
    }

    long offset() {
        return offset;
    }

    long lineNumber() {
        return lineNumber;
    }
}
