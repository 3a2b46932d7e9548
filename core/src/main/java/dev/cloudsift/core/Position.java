package dev.cloudsift.core;

/**
 * Where a record or problem starts in a file's (decompressed) content.
 *
 * @param offset byte offset from the start of the content, or -1 when unknown
 * @param line   1-based line number, or -1 when unknown
 */
public record Position(long offset, long line) {
    public static final Position UNKNOWN = new Position(-1, -1);
    public static final Position START = new Position(0, 1);

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
