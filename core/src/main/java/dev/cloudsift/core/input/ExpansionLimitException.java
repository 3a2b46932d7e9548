package dev.cloudsift.core.input;

import java.io.IOException;

/** Decompressed content grew past what any real log file compresses to: a decompression bomb. */
public final class ExpansionLimitException extends IOException {
    private static final long serialVersionUID = 1L;

    public ExpansionLimitException(String message) {
        super(message);
    }
}
