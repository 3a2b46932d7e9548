package dev.cloudsift.formats.cloudtrail;

import dev.cloudsift.core.Position;
import java.io.EOFException;
import java.io.IOException;

/**
 * The input stream itself failed (truncated gzip, I/O error) while a CloudTrail reader was reading it. Carries the
 * position so the ledger's error says where the readable part ended, and a message even when the cause has none
 * (commons-compress reports a truncated gzip as a bare {@link EOFException}).
 */
final class BrokenStreamException extends IOException {
    private static final long serialVersionUID = 1L;

    BrokenStreamException(IOException cause, Position position) {
        super("input broke off near " + position.describe() + ": " + describe(cause), cause);
    }

    private static String describe(IOException cause) {
        if (cause instanceof EOFException && cause.getMessage() == null) {
            return "unexpected end of the (compressed) data";
        }
        return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
    }
}
