package dev.cloudsift.core.input;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts decompressed bytes and fails once they pass the allowance. Real AWS logs compress about 10 to 30
 * times; a ratio of {@link #MAX_RATIO} over a floor of {@link #FLOOR_BYTES} leaves ample room for them and
 * none for a bomb.
 */
public final class ExpansionGuard extends FilterInputStream {
    public static final long MAX_RATIO = 200;
    public static final long FLOOR_BYTES = 64L * 1024 * 1024;

    private final long limit;
    private long count;

    public ExpansionGuard(InputStream in, long compressedSize) {
        super(in);
        this.limit = compressedSize < 0 ? Long.MAX_VALUE : Math.max(FLOOR_BYTES, compressedSize * MAX_RATIO);
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            add(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            add(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        add(skipped);
        return skipped;
    }

    private void add(long n) throws ExpansionLimitException {
        count += n;
        if (count > limit) {
            throw new ExpansionLimitException("decompressed content passed " + limit
                    + " bytes, over " + MAX_RATIO + " times the compressed size: refusing a likely decompression bomb");
        }
    }
}
