package dev.cloudsift.formats.cloudwatch;

import dev.cloudsift.core.Nullable;
import dev.cloudsift.core.Timestamps;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** The {@code <ISO-8601 timestamp> <message>} line of a CloudWatch Logs export. */
final class ExportLines {
    /** What an export's permission probe object holds. */
    static final String WRITE_TEST_TEXT = "Permission Check Successful";

    private ExportLines() {}

    /** Index of the space after the line's leading timestamp, or -1 when the line does not open with one. */
    static int timestampEnd(String line) {
        if (line.length() < 21 || line.charAt(4) != '-' || line.charAt(7) != '-' || line.charAt(10) != 'T'
                || line.charAt(13) != ':' || !Character.isDigit(line.charAt(0))) {
            return -1;
        }
        int limit = Math.min(line.length(), 40);
        for (int i = 19; i < limit; i++) {
            char c = line.charAt(i);
            if (c == ' ') {
                return line.charAt(i - 1) == 'Z' ? i : -1;
            }
        }
        return -1;
    }

    /** The timestamp before {@code end}, or null when it is not a valid instant. */
    static @Nullable Instant timestamp(String line, int end) {
        if (end == 24 && line.charAt(19) == '.') {
            // The shape exports always write: read by position, the hot path of an export.
            return Timestamps.fixedIsoUtc(line, end);
        }
        try {
            return Instant.parse(line.substring(0, end));
        } catch (DateTimeParseException notAnInstant) {
            return null;
        }
    }

    /**
     * The log stream an export path names: the folders between the export task id (a UUID) and the
     * {@code 000000.gz} file; null when the path does not have that layout.
     */
    static @Nullable String streamFromPath(String path) {
        String normalized = path.replace('\\', '/');
        int archive = normalized.lastIndexOf("!/");
        if (archive >= 0) {
            normalized = normalized.substring(archive + 2);
        }
        String[] segments = normalized.split("/");
        for (int i = segments.length - 2; i >= 0; i--) {
            if (isUuid(segments[i])) {
                if (i + 1 >= segments.length - 1) {
                    return null;
                }
                return String.join("/", java.util.Arrays.copyOfRange(segments, i + 1, segments.length - 1));
            }
        }
        return null;
    }

    private static boolean isUuid(String segment) {
        if (segment.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = segment.charAt(i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash ? c != '-' : Character.digit(c, 16) < 0) {
                return false;
            }
        }
        return true;
    }
}
