package dev.cloudsift.formats.config;

import dev.cloudsift.core.Timestamps;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Times in Config items: ISO-8601 in files, ISO or epoch seconds in CLI output, and the Python {@code repr} of a
 * boto3 datetime ({@code datetime.datetime(2020, 4, 22, 13, 13, 17, 718000, tzinfo=tzlocal())}) in items that
 * scripts dumped without converting. A {@code tzlocal()} repr names no offset; it is read as UTC.
 */
final class ConfigTimes {
    private static final String PYTHON_PREFIX = "datetime.datetime(";

    private ConfigTimes() {}

    static Instant parse(String text) {
        String trimmed = text.strip();
        if (!trimmed.startsWith(PYTHON_PREFIX)) {
            return Timestamps.parseFlexible(trimmed);
        }
        int end = trimmed.lastIndexOf(')');
        String inside = trimmed.substring(PYTHON_PREFIX.length(), end < 0 ? trimmed.length() : end);
        String[] parts = inside.split(",");
        int[] fields = new int[7];
        int count = 0;
        for (String part : parts) {
            String value = part.strip();
            if (value.startsWith("tzinfo")) {
                boolean utcOrLocal = value.contains("tzutc()") || value.contains("tzlocal()") || value.contains("utc");
                if (!utcOrLocal) {
                    throw new DateTimeParseException("Python datetime with an unknown time zone", text, 0);
                }
                continue;
            }
            if (count == fields.length || value.isEmpty() || !value.chars().allMatch(Character::isDigit)
                    || value.length() > 9) {
                throw new DateTimeParseException("unreadable Python datetime", text, 0);
            }
            fields[count++] = Integer.parseInt(value);
        }
        if (count < 3) {
            throw new DateTimeParseException("Python datetime without year, month and day", text, 0);
        }
        try {
            return LocalDateTime.of(fields[0], fields[1], fields[2], fields[3], fields[4], fields[5], fields[6] * 1000)
                    .toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            throw new DateTimeParseException("impossible Python datetime: " + e.getMessage(), text, 0);
        }
    }
}
