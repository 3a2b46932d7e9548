package dev.cloudsift.formats.cloudwatch;

import dev.cloudsift.formats.lines.CsvSpans;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Remembers the last bytes read through it, so a reader whose JSON parser fails mid-value can still quarantine
 * the raw bytes of the value it was reading.
 */
public final class RecentBytes extends FilterInputStream implements CsvSpans.Window {
    private final byte[] window;
    private long total;

    public RecentBytes(InputStream in, int windowSize) {
        super(in);
        this.window = new byte[windowSize];
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            window[(int) (total % window.length)] = (byte) b;
            total++;
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        for (int i = 0; i < n; i++) {
            window[(int) (total % window.length)] = buffer[offset + i];
            total++;
        }
        return n;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    /** The bytes read from {@code offset} on (as far as the window still holds them), at most {@code limit}. */
    public byte[] since(long offset, int limit) {
        long start = Math.max(Math.max(offset, 0), total - window.length);
        int length = (int) Math.min(limit, Math.max(0, total - start));
        byte[] copy = new byte[length];
        for (int i = 0; i < length; i++) {
            copy[i] = window[(int) ((start + i) % window.length)];
        }
        return copy;
    }

    /** The bytes from {@code start} (inclusive) to {@code end} (exclusive), at most {@code limit}. */
    public byte[] between(long start, long end, int limit) {
        return since(start, (int) Math.max(0, Math.min(limit, end - start)));
    }

    public long total() {
        return total;
    }
}
