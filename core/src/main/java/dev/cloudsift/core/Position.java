package dev.cloudsift.core;

/**
 * Where a record or problem sits in a file's (decompressed) content: the pointer {@code cloudsift raw} follows
 * back to the original bytes.
 *
 * @param offset   byte offset from the start of the content, or -1 when unknown
 * @param line     1-based line number, or -1 when unknown
 * @param length   bytes of the record in the content from {@code offset}, or -1 when unknown
 * @param envelope how the record is decoded from the outer record at {@code offset} (see {@link Envelopes}),
 *                 or null when those bytes are the record itself
 */
public record Position(long offset, long line, long length, @Nullable String envelope) {
    public static final Position UNKNOWN = new Position(-1, -1);
    public static final Position START = new Position(0, 1);

    /** A position whose length and envelope are not known. */
    public Position(long offset, long line) {
        this(offset, line, -1, null);
    }

    /** The same start with the record's length in bytes. */
    public Position withLength(long bytes) {
        return new Position(offset, line, bytes, envelope);
    }

    /** The same bytes, with the record decoded from them along {@code path}. */
    public Position withEnvelope(@Nullable String path) {
        return new Position(offset, line, length, path);
    }

    /** Human form used in error messages: "line 12, byte 3045". */
    public String describe() {
        if (line >= 0 && offset >= 0) {
            return "line " + line + ", byte " + offset;
        }
        if (offset >= 0) {
            return "byte " + offset;
        }
        if (line >= 0) {
            return "line " + line;
        }
        return "unknown position";
    }
}
