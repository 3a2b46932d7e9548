package dev.cloudsift.formats.cloudwatch;

import dev.cloudsift.core.Nullable;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads UTF-8 lines with their byte offset and 1-based number, keeping at most a bounded prefix of each line so
 * a hostile file without line breaks cannot exhaust the heap.
 */
public final class LineReader implements Closeable {
    /** One line; {@code overlong} when the line was longer than the bound and {@code text} holds only its start. */
    public record Line(String text, long offset, long number, boolean overlong, long length) {}

    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] buffer = new byte[1 << 16];
    private int bufferLength;
    private int bufferPosition;
    private long consumed;
    private long lineNumber;
    private byte[] line = new byte[256];
    private boolean ended;

    public LineReader(InputStream in, int maxLineBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    /** The next line without its line break ({@code \n} or {@code \r\n}), or null at the end. */
    @Nullable
    public Line next() throws IOException {
        if (ended) {
            return null;
        }
        long start = consumed;
        int kept = 0;
        long length = 0;
        boolean sawAny = false;
        while (true) {
            if (bufferPosition == bufferLength) {
                bufferLength = in.read(buffer, 0, buffer.length);
                bufferPosition = 0;
                if (bufferLength <= 0) {
                    bufferLength = 0;
                    ended = true;
                    if (!sawAny) {
                        return null;
                    }
                    break;
                }
            }
            sawAny = true;
            // Scan the buffered bytes for the line break and copy the run at once: byte by byte, with the
            // counters updated per byte, this loop was the reader's top frame.
            int end = bufferPosition;
            while (end < bufferLength && buffer[end] != '\n') {
                end++;
            }
            int run = end - bufferPosition;
            int keep = Math.min(run, maxLineBytes - kept);
            if (keep > 0) {
                if (kept + keep > line.length) {
                    int capacity = line.length;
                    while (capacity < kept + keep) {
                        capacity *= 2;
                    }
                    line = Arrays.copyOf(line, Math.min(maxLineBytes, capacity));
                }
                System.arraycopy(buffer, bufferPosition, line, kept, keep);
                kept += keep;
            }
            length += run;
            consumed += run;
            bufferPosition = end;
            if (end < bufferLength) {
                bufferPosition++;
                consumed++;
                break;
            }
        }
        lineNumber++;
        boolean overlong = length > maxLineBytes;
        if (!overlong && kept > 0 && line[kept - 1] == '\r') {
            kept--;
            length--;
        }
        String text = new String(line, 0, kept, StandardCharsets.UTF_8);
        if (lineNumber == 1 && text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        return new Line(text, start, lineNumber, overlong, length);
    }

    /** Byte offset of the next unread line. */
    public long offset() {
        return consumed;
    }

    public long lineNumber() {
        return lineNumber;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
