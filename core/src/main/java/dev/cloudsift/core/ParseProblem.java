package dev.cloudsift.core;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A record (or the rest of a file) that could not be read. It is quarantined with its raw bytes and reason,
 * and counts as one record read.
 *
 * @param raw the input as received, bounded to {@link #MAX_RAW_BYTES}
 */
public record ParseProblem(Position position, String reason, byte[] raw) implements ReadItem {
    /** Quarantined raw input is cut to this size so a hostile file cannot blow up the case. */
    public static final int MAX_RAW_BYTES = 64 * 1024;

    public ParseProblem {
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(raw, "raw");
        if (raw.length > MAX_RAW_BYTES) {
            raw = java.util.Arrays.copyOf(raw, MAX_RAW_BYTES);
        }
    }

    public static ParseProblem of(Position position, String reason, @Nullable String raw) {
        return new ParseProblem(position, reason, raw == null ? new byte[0] : bounded(raw));
    }

    private static byte[] bounded(String raw) {
        String cut = raw.length() > MAX_RAW_BYTES ? raw.substring(0, MAX_RAW_BYTES) : raw;
        return cut.getBytes(StandardCharsets.UTF_8);
    }
}
