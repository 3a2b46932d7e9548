package dev.cloudsift.core.input;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Inflates every member of a gzip file (RFC 1952) with the JDK's {@link Inflater} and says exactly where and how the
 * file is damaged. Neither commons-compress nor {@code java.util.zip.GZIPInputStream} serves an analyst here: the
 * first drops the bytes it inflated in the read call that met the damage (up to a buffer of records), the second
 * silently ignores anything after a member. This stream hands out every decoded byte before it reports damage, so a
 * reader keeps every record the file still holds, and the report names the byte.
 *
 * <p>Zeros after the last member (tape and block-device padding, which {@code gzip -t} accepts) end the stream
 * cleanly; their count is in {@link #zeroPadding()}.
 */
final class GzipMembersStream extends InputStream {
    private static final int FHCRC = 2;
    private static final int FEXTRA = 4;
    private static final int FNAME = 8;
    private static final int FCOMMENT = 16;
    private static final int TAIL = 64 * 1024;

    private enum State { MEMBER_START, INFLATE, DONE, DAMAGED }

    private final InputStream raw;
    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    private final byte[] buffer = new byte[64 * 1024];
    /** Compressed offset of {@code buffer[0]}. */
    private long bufferStart;
    private int position;
    private int limit;
    private boolean rawEnded;
    private State state = State.MEMBER_START;
    private int members;
    private long memberStart;
    private long decoded;
    private long zeroPadding;
    /** The last decoded bytes, a ring, so a truncated file's unfinished record can be quarantined with its bytes. */
    private final byte[] tail = new byte[TAIL];
    private DamagedInputException damage;

    GzipMembersStream(InputStream raw) {
        this.raw = raw;
    }

    /** Zero bytes found after the last member and accepted as padding. */
    long zeroPadding() {
        return zeroPadding;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (true) {
            switch (state) {
                case DONE -> {
                    return -1;
                }
                case DAMAGED -> throw damage;
                case MEMBER_START -> startMember();
                case INFLATE -> {
                    int n = inflate(target, offset, length);
                    if (n > 0) {
                        return n;
                    }
                }
                default -> throw new IllegalStateException(state.name());
            }
        }
    }

    /** Nothing is promised as available, so a buffered caller never asks for more in a call that could fail. */
    @Override
    public int available() {
        return 0;
    }

    private void startMember() throws IOException {
        int first = peek(0);
        if (first < 0) {
            if (members == 0) {
                damage("the gzip file is empty", offset(), false);
                return;
            }
            state = State.DONE;
            return;
        }
        if (members > 0 && first == 0) {
            skipZeroPadding();
            return;
        }
        memberStart = offset();
        if (first != 0x1F || peek(1) != 0x8B) {
            if (peek(1) < 0 && first == 0x1F) {
                damage("truncated: the gzip member header at byte " + memberStart + " is cut short", memberStart, true);
            } else {
                damage("trailing garbage at byte " + memberStart + " after " + members + " complete gzip member(s)",
                        memberStart, true);
            }
            return;
        }
        readHeader();
        if (state == State.MEMBER_START) {
            inflater.reset();
            crc.reset();
            state = State.INFLATE;
        }
    }

    private void skipZeroPadding() throws IOException {
        long start = offset();
        while (true) {
            int b = peek(0);
            if (b < 0) {
                zeroPadding = offset() - start;
                state = State.DONE;
                return;
            }
            if (b != 0) {
                damage("trailing garbage at byte " + offset() + " after " + members + " complete gzip member(s) and "
                        + (offset() - start) + " zero byte(s)", offset(), true);
                return;
            }
            position++;
        }
    }

    private void readHeader() throws IOException {
        int method = peek(2);
        int flags = peek(3);
        if (method < 0 || flags < 0 || peek(9) < 0) {
            damage("truncated: the gzip member header at byte " + memberStart + " is cut short", memberStart, true);
            return;
        }
        if (method != 8) {
            damage("unsupported gzip compression method " + method + " in the member at byte " + memberStart,
                    memberStart, true);
            return;
        }
        if ((flags & 0xE0) != 0) {
            damage("corrupt gzip member header at byte " + memberStart + " (reserved flag bits set)", memberStart, true);
            return;
        }
        position += 10;
        if ((flags & FEXTRA) != 0) {
            int low = next();
            int high = next();
            if (high < 0 || !skip(low | (high << 8))) {
                truncatedHeader();
                return;
            }
        }
        for (int flag : new int[] {FNAME, FCOMMENT}) {
            if ((flags & flag) != 0) {
                int b;
                do {
                    b = next();
                } while (b > 0);
                if (b < 0) {
                    truncatedHeader();
                    return;
                }
            }
        }
        if ((flags & FHCRC) != 0 && !skip(2)) {
            truncatedHeader();
        }
    }

    private void truncatedHeader() {
        damage("truncated: the gzip member header at byte " + memberStart + " is cut short", memberStart, true);
    }

    private int inflate(byte[] target, int offset, int length) throws IOException {
        if (inflater.needsInput()) {
            if (position == limit && !fill()) {
                damage("truncated: the compressed data ends at byte " + offset() + " inside the gzip member at byte "
                        + memberStart, offset(), false);
                return 0;
            }
            inflater.setInput(buffer, position, limit - position);
        }
        int n;
        try {
            n = inflater.inflate(target, offset, length);
        } catch (DataFormatException e) {
            position = limit - inflater.getRemaining();
            // The inflater stops on the byte that made no sense: the last one it took.
            long at = Math.max(memberStart, offset() - 1);
            damage("corrupt compressed data at byte " + at + " in the gzip member at byte " + memberStart + ": "
                    + e.getMessage(), at, true);
            return 0;
        }
        position = limit - inflater.getRemaining();
        if (n > 0) {
            crc.update(target, offset, n);
            remember(target, offset, n);
            decoded += n;
            return n;
        }
        if (inflater.finished()) {
            endMember();
        } else if (inflater.needsDictionary()) {
            damage("corrupt compressed data at byte " + offset() + ": a preset dictionary is not allowed in gzip",
                    offset(), true);
        }
        return 0;
    }

    private void endMember() throws IOException {
        long trailerAt = offset();
        for (int i = 0; i < 8; i++) {
            if (peek(i) < 0) {
                damage("truncated: the gzip member at byte " + memberStart + " ends without its trailer (byte "
                        + trailerAt + ")", trailerAt, true);
                return;
            }
        }
        long storedCrc = littleEndian(0);
        long storedSize = littleEndian(4);
        if (storedCrc != crc.getValue()) {
            damage("CRC mismatch in the gzip member at byte " + memberStart + ": the trailer at byte " + trailerAt
                    + " says " + Long.toHexString(storedCrc) + ", the data gives " + Long.toHexString(crc.getValue())
                    + " (the decoded content may be altered)", trailerAt, true);
            return;
        }
        if (storedSize != (inflater.getBytesWritten() & 0xFFFFFFFFL)) {
            damage("size mismatch in the gzip member at byte " + memberStart + ": the trailer at byte " + trailerAt
                    + " says " + storedSize + " bytes, the data gives " + (inflater.getBytesWritten() & 0xFFFFFFFFL),
                    trailerAt, true);
            return;
        }
        position += 8;
        members++;
        state = State.MEMBER_START;
    }

    private long littleEndian(int at) throws IOException {
        long value = 0;
        for (int i = 3; i >= 0; i--) {
            value = (value << 8) | peek(at + i);
        }
        return value;
    }

    private void remember(byte[] bytes, int offset, int n) {
        int from = n > TAIL ? offset + n - TAIL : offset;
        long at = decoded + (from - offset);
        for (int i = from; i < offset + n; ) {
            int slot = (int) (at % TAIL);
            int run = Math.min(offset + n - i, TAIL - slot);
            System.arraycopy(bytes, i, tail, slot, run);
            i += run;
            at += run;
        }
    }

    private byte[] decodedTail() {
        int size = (int) Math.min(decoded, TAIL);
        byte[] out = new byte[size];
        for (int i = 0; i < size; i++) {
            out[i] = tail[(int) ((decoded - size + i) % TAIL)];
        }
        return out;
    }

    /** Records the damage; {@code keepRemainder} keeps the compressed bytes from {@code at} on for the quarantine. */
    private void damage(String message, long at, boolean keepRemainder) {
        byte[] remainder = new byte[0];
        if (keepRemainder) {
            ByteArrayOutputStream kept = new ByteArrayOutputStream();
            try {
                position = (int) Math.max(0, Math.min(limit, at - bufferStart));
                while (kept.size() < DamagedInputException.MAX_KEPT_BYTES) {
                    if (position == limit && !fill()) {
                        break;
                    }
                    int run = Math.min(limit - position, DamagedInputException.MAX_KEPT_BYTES - kept.size());
                    kept.write(buffer, position, run);
                    position += run;
                }
            } catch (IOException unreadable) {
                // Keep what was read; the damage is what gets reported.
            }
            remainder = kept.toByteArray();
        }
        damage = new DamagedInputException(message, at, remainder, decoded, decodedTail());
        state = State.DAMAGED;
    }

    private long offset() {
        return bufferStart + position;
    }

    /** The byte {@code ahead} bytes past the current position, reading more when needed; -1 past the end. */
    private int peek(int ahead) throws IOException {
        while (position + ahead >= limit) {
            if (!fill()) {
                return -1;
            }
        }
        return buffer[position + ahead] & 0xFF;
    }

    private int next() throws IOException {
        int b = peek(0);
        if (b >= 0) {
            position++;
        }
        return b;
    }

    private boolean skip(int count) throws IOException {
        for (int i = 0; i < count; i++) {
            if (next() < 0) {
                return false;
            }
        }
        return true;
    }

    /** Reads more compressed bytes, keeping the unread ones; false at the end of the raw stream. */
    private boolean fill() throws IOException {
        if (rawEnded) {
            return false;
        }
        if (position > 0) {
            System.arraycopy(buffer, position, buffer, 0, limit - position);
            bufferStart += position;
            limit -= position;
            position = 0;
        }
        if (limit == buffer.length) {
            throw new IllegalStateException("gzip look-ahead beyond the buffer");
        }
        int n = raw.read(buffer, limit, buffer.length - limit);
        if (n < 0) {
            rawEnded = true;
            return false;
        }
        limit += n;
        return true;
    }

    @Override
    public void close() throws IOException {
        inflater.end();
        raw.close();
    }
}
