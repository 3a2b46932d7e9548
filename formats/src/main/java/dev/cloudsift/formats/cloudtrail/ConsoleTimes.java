package dev.cloudsift.formats.cloudtrail;

import dev.cloudsift.core.Nullable;
import dev.cloudsift.core.Timestamps;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.Locale;

/**
 * Times in event history CSV cells: the machine shapes of {@link Timestamps#parseFlexible} and the console's
 * display shape {@code November 04, 2025, 09:17:12 (UTC+01:00)}. A display time without a zone is refused: the
 * console shows the browser's zone, and guessing it would shift the timeline.
 */
final class ConsoleTimes {
    /** Month written in full ({@code November}) or short ({@code Nov}). */
    private static final DateTimeFormatter[] DISPLAY = {display("MMMM"), display("MMM")};

    private static DateTimeFormatter display(String month) {
        return new DateTimeFormatterBuilder()
                .parseCaseInsensitive()
                .appendPattern(month + " d, yyyy, HH:mm:ss")
                .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
                .optionalStart().appendLiteral(" (UTC").optionalStart().appendOffset("+HH:MM", "").optionalEnd()
                .appendLiteral(')').optionalEnd()
                .optionalStart().appendLiteral(" UTC").optionalEnd()
                .toFormatter(Locale.ENGLISH);
    }

    private ConsoleTimes() {}

    static @Nullable Instant parse(String text) {
        try {
            return Timestamps.parseFlexible(text);
        } catch (DateTimeException notMachineShaped) {
            // Try the console's display shape next.
        }
        String trimmed = text.strip();
        if (!trimmed.contains("UTC")) {
            return null;
        }
        for (DateTimeFormatter format : DISPLAY) {
            try {
                var parsed = format.parseBest(trimmed, OffsetDateTime::from, LocalDateTime::from);
                if (parsed instanceof OffsetDateTime offset) {
                    return offset.toInstant();
                }
                return ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
            } catch (DateTimeException notThisShape) {
                // Try the next month style.
            }
        }
        return null;
    }
}
