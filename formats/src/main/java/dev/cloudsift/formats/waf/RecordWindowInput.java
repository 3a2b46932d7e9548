package dev.cloudsift.formats.waf;

import java.io.IOException;
import java.io.InputStream;

/**
 * The stream under the JSON parser. It keeps the bytes from the start of the current record on, so that a broken
 * record can be quarantined as received and reading can resume after it, and it refuses records larger than a cap
 * so hostile input cannot fill the heap.
 */
final class RecordWindowInput extends InputStream {
    private final InputStream in;
    private final long absoluteStart;
    private final int maxRecordBytes;
    private byte[] window = new byte[32 * 1024];
    private int windowLength;
    private long windowStart;
    private long delivered;

    RecordWindowInput(InputStream in, long absoluteStart, int maxRecordBytes) {
        this.in = in;
        this.absoluteStart = absoluteStart;
        this.maxRecordBytes = maxRecordBytes;
    }

    /** Forgets the bytes before {@code offset} (relative to this input's start): a new record begins there. */
    void startRecord(long offset) {
        if (offset <= windowStart) {
            return;
        }
        int drop = (int) Math.min(offset - windowStart, windowLength);
        System.arraycopy(window, drop, window, 0, windowLength - drop);
        windowLength -= drop;
        windowStart += drop;
    }

    InputStream source() {
        return in;
    }

    long absoluteStart() {
        return absoluteStart;
    }

    long windowStart() {
        return windowStart;
    }

    byte[] window() {
        return window;
    }

    int windowLength() {
        return windowLength;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n <= 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (windowLength >= maxRecordBytes) {
            throw new RecordTooLargeException(maxRecordBytes);
        }
        int n = in.read(buffer, offset, Math.min(length, maxRecordBytes - windowLength));
        if (n > 0) {
            keep(buffer, offset, n);
            delivered += n;
        }
        return n;
    }

    private void keep(byte[] buffer, int offset, int length) {
        if (windowLength + length > window.length) {
            byte[] bigger = new byte[Math.max(window.length * 2, windowLength + length)];
            System.arraycopy(window, 0, bigger, 0, windowLength);
            window = bigger;
        }
        System.arraycopy(buffer, offset, window, windowLength, length);
        windowLength += length;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** Thrown through the parser when one record outgrows the cap; the reader quarantines it and moves on. */
    static final class RecordTooLargeException extends IOException {
        RecordTooLargeException(int maxRecordBytes) {
            super("WAF record longer than " + maxRecordBytes + " bytes");
        }
    }
}
