package dev.cloudsift.formats.cloudtrail;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.cloudsift.core.Nullable;
import dev.cloudsift.core.Utf8Slice;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds a record's {@code other} object ({@link OtherFields}) as UTF-8 bytes from its fields' cells: the bytes the
 * store writes, with no text decoded, joined and encoded again on the way. One builder serves one walker, record
 * after record; each object it gives has an array of its own, since a row's cells must not change.
 */
final class OtherObject {
    private byte[] bytes = new byte[512];
    private int length;

    /** Starts a record's object: nothing is held until its first field. */
    void clear() {
        length = 0;
    }

    /** Adds one field, its value a cell of JSON text (a {@code String} or a {@link Utf8Slice}). */
    void add(String name, Object value) {
        append(length == 0 ? (byte) '{' : (byte) ',');
        append((byte) '"');
        if (plainName(name)) {
            ensure(name.length());
            for (int i = 0; i < name.length(); i++) {
                bytes[length++] = (byte) name.charAt(i);
            }
        } else {
            append(new String(JsonStringEncoder.getInstance().quoteAsString(name)).getBytes(StandardCharsets.UTF_8));
        }
        append((byte) '"');
        append((byte) ':');
        if (value instanceof Utf8Slice slice) {
            append(slice.array(), slice.offset(), slice.length());
        } else {
            append(value.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The object of the fields added since {@link #clear}; null when there were none. */
    @Nullable Utf8Slice finish() {
        if (length == 0) {
            return null;
        }
        append((byte) '}');
        return Utf8Slice.of(Arrays.copyOf(bytes, length), 0, length);
    }

    /** Printable ASCII needing no escape: the name's bytes are its chars. */
    private static boolean plainName(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c >= 0x7F || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    private void append(byte b) {
        ensure(1);
        bytes[length++] = b;
    }

    private void append(byte[] source) {
        append(source, 0, source.length);
    }

    private void append(byte[] source, int offset, int count) {
        ensure(count);
        System.arraycopy(source, offset, bytes, length, count);
        length += count;
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }
}
