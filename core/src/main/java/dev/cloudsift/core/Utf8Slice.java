package dev.cloudsift.core;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A VARCHAR or JSON cell of a {@link TableRow} held as UTF-8 bytes, usually a slice of the decompressed input: the
 * store copies the bytes straight into its columns, where a {@link String} is encoded to UTF-8 again for every cell.
 * The bytes must be well-formed UTF-8 (whoever cuts a slice checks, e.g. by taking only ASCII input) and must not
 * change afterwards: a row crosses threads after it is made. {@link #toString()} gives the text.
 */
public final class Utf8Slice {
    private final byte[] bytes;
    private final int offset;
    private final int length;

    private Utf8Slice(byte[] bytes, int offset, int length) {
        this.bytes = bytes;
        this.offset = offset;
        this.length = length;
    }

    /** The bytes {@code [offset, offset + length)} of {@code bytes}, which the slice shares rather than copies. */
    public static Utf8Slice of(byte[] bytes, int offset, int length) {
        Objects.requireNonNull(bytes, "bytes");
        Objects.checkFromIndexSize(offset, length, bytes.length);
        return new Utf8Slice(bytes, offset, length);
    }

    /** The UTF-8 encoding of {@code text}. */
    public static Utf8Slice of(String text) {
        byte[] encoded = text.getBytes(StandardCharsets.UTF_8);
        return new Utf8Slice(encoded, 0, encoded.length);
    }

    /** The array the slice lies in; read only {@link #offset()} to {@code offset() + length()}. */
    public byte[] array() {
        return bytes;
    }

    public int offset() {
        return offset;
    }

    /** Length in bytes. */
    public int length() {
        return length;
    }

    /** The text of a VARCHAR or JSON cell held either way ({@code String} or slice); null stays null. */
    public static @Nullable String text(@Nullable Object cell) {
        return cell == null ? null : cell.toString();
    }

    /** True when the slice holds exactly the bytes of {@code ascii}, which must be ASCII. */
    public boolean equalsAscii(String ascii) {
        if (ascii.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (bytes[offset + i] != (byte) ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Equal to another slice of the same bytes (never to a {@code String}: compare {@link #toString()} for that). */
    @Override
    public boolean equals(Object other) {
        return other instanceof Utf8Slice slice
                && Arrays.equals(bytes, offset, offset + length, slice.bytes, slice.offset, slice.offset + slice.length);
    }

    @Override
    public int hashCode() {
        int hash = 1;
        for (int i = offset, end = offset + length; i < end; i++) {
            hash = 31 * hash + bytes[i];
        }
        return hash;
    }

    @Override
    public String toString() {
        return new String(bytes, offset, length, StandardCharsets.UTF_8);
    }
}
