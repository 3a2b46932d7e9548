package dev.cloudsift.store.ingest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts the decompressed bytes a reader consumed, for error offsets and throughput figures; ignores close, since the
 * ingest (local or on Spark) drains the stream for the content hash after the reader is done, then closes it.
 */
public final class CountingStream extends FilterInputStream {
    private long count;

    /** Counts what is read through {@code in}. */
    public CountingStream(InputStream in) {
        super(in);
    }

    /** Bytes read or skipped so far. */
    public long count() {
        return count;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            count++;
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            count += n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        count += skipped;
        return skipped;
    }

    /** Readers close their stream when done; the ingest still drains it for the content hash, then closes it. */
    @Override
    public void close() {
        // deliberately left open: FileProcessor closes the underlying streams
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
