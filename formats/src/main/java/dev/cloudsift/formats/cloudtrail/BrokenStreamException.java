package dev.cloudsift.formats.cloudtrail;

import java.io.EOFException;
import java.io.IOException;

/**
 * The input stream itself failed (truncated gzip, I/O error) while a CloudTrail reader was reading it. Gives the
 * failure a message even when the cause has none (commons-compress reports a truncated gzip as a bare
 * {@link EOFException}); where the readable part ended is the reader's {@code position()}, which the ingest reports.
 */
final class BrokenStreamException extends IOException {
    private static final long serialVersionUID = 1L;

    BrokenStreamException(IOException cause) {
        super(describe(cause), cause);
    }

    private static String describe(IOException cause) {
        if (cause instanceof EOFException && cause.getMessage() == null) {
            return "unexpected end of the (compressed) data";
        }
        return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
    }
}
