package dev.cloudsift.formats.lines;

import dev.cloudsift.core.Nullable;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Splits a stream into lines with their byte offsets, holding at most {@code maxLineBytes} of any one line so a
 * hostile file with a gigabyte-long line cannot exhaust the heap. An I/O error (a truncated gzip) propagates.
 */
public final class BoundedLineReader {
    private static final int BUFFER_SIZE = 64 * 1024;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final InputStream input;
    private final int maxLineBytes;
    private final byte[] buffer = new byte[BUFFER_SIZE];
    private int bufferPosition;
    private int bufferLimit;
    private long bufferStartOffset;
    private long lineNumber;
    private long nextLineOffset;
    private byte[] lineBytes = new byte[256];
    /**
     * Where the kept bytes of the last line are: {@link #lineBytes} from 0, or, for a line whose break was in the same
     * read as its start (nearly all), the read buffer itself, so that the line is not copied out of it before its text
     * and cells are (the buffer is only refilled by the next call of {@link #next}).
     */
    private byte[] lineArray = lineBytes;
    private int lineFrom;
    private boolean ended;
    private int lastKept;
    /** Bytes of the last line's text (its line break and a trailing carriage return left out). */
    private int lastTextBytes;
    /** Whether every byte of the last line was below 0x80. */
    private boolean lastAscii;

    /** One line of the input, without its line break. */
    public record Line(String text, long offset, long number, long length, boolean controlBytes) {
        public Line {
            Objects.requireNonNull(text, "text");
        }

        /** True when the line was longer than the reader keeps; {@link #text} then holds its start only. */
        public boolean overlong(int maxLineBytes) {
            return length > maxLineBytes;
        }
    }

    public BoundedLineReader(InputStream input, int maxLineBytes) {
        this.input = Objects.requireNonNull(input, "input");
        if (maxLineBytes < 1) {
            throw new IllegalArgumentException("maxLineBytes must be positive");
        }
        this.maxLineBytes = maxLineBytes;
    }

    /** Byte offset and 1-based number of the next line to be read. */
    public long nextLineOffset() {
        return nextLineOffset;
    }

    public long nextLineNumber() {
        return lineNumber + 1;
    }

    /** The bytes kept of the line last returned (at most {@code maxLineBytes}), exactly as read: for quarantine. */
    public byte[] lastLineBytes() {
        return Arrays.copyOfRange(lineArray, lineFrom, lineFrom + lastKept);
    }

    /**
     * A copy of the last line's text bytes when it is ASCII throughout and was kept whole (then they are its text
     * byte for byte, for readers that cut cells from them); null otherwise.
     */
    public byte @Nullable [] lastLineAsciiBytes() {
        return lastAscii ? Arrays.copyOfRange(lineArray, lineFrom, lineFrom + lastTextBytes) : null;
    }

    public int maxLineBytes() {
        return maxLineBytes;
    }

    /** The next line, or null at the end of the input. */
    public @Nullable Line next() throws IOException {
        if (ended) {
            return null;
        }
        long start = nextLineOffset;
        long length = 0;
        int kept = 0;
        boolean control = false;
        boolean nonAscii = false;
        boolean sawAnything = false;
        boolean inBuffer = false;
        while (true) {
            if (bufferPosition == bufferLimit && !fill()) {
                ended = true;
                if (!sawAnything) {
                    return null;
                }
                break;
            }
            sawAnything = true;
            int scan = bufferPosition;
            int newline = -1;
            scanning:
            while (scan < bufferLimit) {
                // Eight bytes at a time while they are all printable ASCII, as nearly every byte of a log line is;
                // the others (line break, tab, control, 0x7F, bytes from 0x80) are then looked at one by one.
                if (scan + 8 <= bufferLimit && printable((long) LONGS.get(buffer, scan))) {
                    scan += 8;
                    continue;
                }
                for (int end = Math.min(scan + 8, bufferLimit); scan < end; scan++) {
                    byte b = buffer[scan];
                    // below 0x20, 0x7F and bytes from 0x80 all wrap to at most 0x20 once one is added
                    if ((byte) (b + 1) <= 0x20) {
                        if (b == '\n') {
                            newline = scan;
                            break scanning;
                        }
                        if (b < 0) {
                            nonAscii = true;
                        } else if (b != '\t' && b != '\r') {
                            control = true;
                        }
                    }
                }
            }
            int chunk = scan - bufferPosition;
            int room = maxLineBytes - kept;
            if (newline >= 0 && length == 0 && chunk <= room) {
                // the whole line is in the buffer: its bytes are read from there
                inBuffer = true;
                lineFrom = bufferPosition;
                kept = chunk;
            } else if (room > 0) {
                int copy = Math.min(room, chunk);
                ensureCapacity(kept + copy);
                System.arraycopy(buffer, bufferPosition, lineBytes, kept, copy);
                kept += copy;
            }
            length += chunk;
            bufferPosition = scan;
            if (newline >= 0) {
                bufferPosition++;
                break;
            }
        }
        lineArray = inBuffer ? buffer : lineBytes;
        if (!inBuffer) {
            lineFrom = 0;
        }
        lineNumber++;
        lastKept = kept;
        nextLineOffset = bufferStartOffset + bufferPosition;
        int textBytes = kept;
        if (length <= maxLineBytes && textBytes > 0 && lineArray[lineFrom + textBytes - 1] == '\r') {
            textBytes--;
            length--;
        }
        lastTextBytes = textBytes;
        lastAscii = !nonAscii && length <= maxLineBytes;
        // ASCII is its own Latin-1 decoding: no second scan of the bytes for ones above 0x7F
        String text = new String(lineArray, lineFrom, textBytes, nonAscii ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        if (lineNumber == 1 && text.startsWith("\uFEFF")) {
            // A byte-order mark (editors add one on save) is not part of the first line.
            text = text.substring(1);
        }
        return new Line(text, start, lineNumber, length, control);
    }

    /** Whether all eight bytes of {@code word} are printable ASCII (0x20 to 0x7E): none below 0x20, none 0x7F or above. */
    static boolean printable(long word) {
        long below = (word - 0x2020202020202020L) & ~word & 0x8080808080808080L;
        long high = word & 0x8080808080808080L;
        long del = word ^ 0x7F7F7F7F7F7F7F7FL;
        long isDel = (del - 0x0101010101010101L) & ~del & 0x8080808080808080L;
        return (below | high | isDel) == 0;
    }

    private boolean fill() throws IOException {
        bufferStartOffset += bufferLimit;
        bufferPosition = 0;
        bufferLimit = 0;
        int read = input.read(buffer, 0, buffer.length);
        while (read == 0) {
            read = input.read(buffer, 0, buffer.length);
        }
        if (read < 0) {
            return false;
        }
        bufferLimit = read;
        return true;
    }

    private void ensureCapacity(int needed) {
        if (needed > lineBytes.length) {
            lineBytes = Arrays.copyOf(lineBytes, Math.min(maxLineBytes, Math.max(needed, lineBytes.length * 2)));
        }
    }
}
