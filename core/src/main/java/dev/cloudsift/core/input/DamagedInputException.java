package dev.cloudsift.core.input;

import java.io.IOException;
import java.util.Arrays;

/**
 * Compressed input broke at a known place (trailing garbage, CRC mismatch, truncation, corrupt data). Everything
 * decoded before the damage was delivered first; this carries what the ingest needs to quarantine the rest.
 */
public final class DamagedInputException extends IOException {
    private static final long serialVersionUID = 1L;
    /** The undecodable bytes kept for the quarantine row are cut to this size. */
    public static final int MAX_KEPT_BYTES = 64 * 1024;

    private final long compressedOffset;
    private final byte[] remainder;
    private final long decodedEnd;
    private final byte[] decodedTail;

    /**
     * @param compressedOffset where in the compressed bytes the damage sits
     * @param remainder        the undecodable compressed bytes from there on (bounded)
     * @param decodedEnd       how many bytes were decoded before the damage
     * @param decodedTail      the last decoded bytes (bounded), ending at {@code decodedEnd}
     */
    public DamagedInputException(String message, long compressedOffset, byte[] remainder, long decodedEnd,
                                 byte[] decodedTail) {
        super(message);
        this.compressedOffset = compressedOffset;
        this.remainder = Arrays.copyOf(remainder, Math.min(remainder.length, MAX_KEPT_BYTES));
        this.decodedEnd = decodedEnd;
        this.decodedTail = Arrays.copyOf(decodedTail, Math.min(decodedTail.length, MAX_KEPT_BYTES));
    }

    public long compressedOffset() {
        return compressedOffset;
    }

    public long decodedEnd() {
        return decodedEnd;
    }

    /**
     * The bytes to quarantine: the undecodable compressed remainder when there is one, else the decoded bytes from
     * {@code readerOffset} (where the reader's last unfinished record starts, or -1) to where decoding stopped.
     */
    public byte[] quarantineBytes(long readerOffset) {
        if (remainder.length > 0) {
            return remainder.clone();
        }
        long tailStart = decodedEnd - decodedTail.length;
        if (readerOffset >= tailStart && readerOffset < decodedEnd) {
            return Arrays.copyOfRange(decodedTail, (int) (readerOffset - tailStart), decodedTail.length);
        }
        if (readerOffset >= decodedEnd) {
            return new byte[0];
        }
        return decodedTail.clone();
    }

    /** The first damage in a chain of causes (readers wrap stream failures), or null. */
    public static DamagedInputException find(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof DamagedInputException damaged) {
                return damaged;
            }
        }
        return null;
    }
}
