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
            byte b = buffer[bufferPosition++];
            consumed++;
            if (b == '\n') {
                break;
            }
            length++;
            if (kept < maxLineBytes) {
                if (kept == line.length) {
                    line = Arrays.copyOf(line, Math.min(maxLineBytes, line.length * 2));
                }
                line[kept++] = b;
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
