package dev.cloudsift.formats.cloudtrail;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Fails a stream whose physical line grows past a limit, so a text parser that buffers whole cells (commons-csv)
 * cannot be made to hold gigabytes for one hostile row.
 */
final class LineLengthGuard extends FilterInputStream {
    /** The failure this guard raises; readers turn it into a problem. */
    static final class LineTooLongException extends IOException {
        private static final long serialVersionUID = 1L;

        LineTooLongException(long limit, long offset) {
            super("a line is longer than " + (limit / (1024 * 1024)) + " MiB (at byte " + offset + ")");
        }
    }

    private final long limit;
    private long lineLength;
    private long offset;

    LineLengthGuard(InputStream input, long limit) {
        super(input);
        this.limit = limit;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            count(b);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int start, int length) throws IOException {
        int read = super.read(buffer, start, length);
        for (int i = start; i < start + read; i++) {
            count(buffer[i]);
        }
        return read;
    }

    private void count(int b) throws LineTooLongException {
        offset++;
        if (b == '\n') {
            lineLength = 0;
        } else if (++lineLength > limit) {
            throw new LineTooLongException(limit, offset);
        }
    }
}
