package dev.cloudsift.core;

import java.io.Closeable;
import java.io.IOException;

/**
 * Pulls records out of one input stream, one at a time, never holding the whole file.
 * A reader reports bad records as {@link ParseProblem}s and goes on; it throws only when the
 * stream itself fails (I/O error, truncated compression), and the caller quarantines the rest.
 */
public interface EventReader extends Closeable {
    /** The next item, or null at the end of the input. */
    @Nullable
    ReadItem next() throws IOException;

    /** Where the reader is now, used to quarantine the rest of a file when the stream breaks. */
    default Position position() {
        return Position.UNKNOWN;
    }
}
