package dev.cloudsift.investigate;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/** How times are shown to people: ISO-8601 in one zone, UTC with {@code Z} unless the analyst asks otherwise. */
public record TimeDisplay(ZoneId zone) {
    public static final TimeDisplay UTC = new TimeDisplay(ZoneOffset.UTC);

    private static final DateTimeFormatter OFFSET_FORMAT = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    public TimeDisplay {
        Objects.requireNonNull(zone, "zone");
    }

    /**
     * Parses an IANA zone name ({@code Europe/Berlin}), {@code UTC}/{@code Z} or a fixed offset ({@code +05:30}).
     *
     * @throws IllegalArgumentException naming the value when it is no zone; never falls back silently
     */
    public static TimeDisplay parse(String value) {
        Objects.requireNonNull(value, "value");
        String text = value.strip();
        if (text.isEmpty()) {
            throw new IllegalArgumentException("empty time zone");
        }
        try {
            if (text.startsWith("+") || text.startsWith("-")) {
                return new TimeDisplay(ZoneOffset.of(text));
            }
            if (text.equalsIgnoreCase("utc") || text.equals("Z")) {
                return UTC;
            }
            return new TimeDisplay(ZoneId.of(text));
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("unknown time zone '" + value
                    + "'; use an IANA name such as Europe/Berlin, UTC, or an offset such as +05:30");
        }
    }

    public boolean isUtc() {
        return zone.normalized().equals(ZoneOffset.UTC);
    }

    /** The instant as ISO-8601, whole seconds unless it has a fraction: {@code 2025-11-04T09:20:00Z} or with an offset. */
    public String format(Instant instant) {
        if (instant == null) {
            return "";
        }
        if (isUtc()) {
            return DateTimeFormatter.ISO_INSTANT.format(instant);
        }
        return OFFSET_FORMAT.format(instant.atZone(zone).toOffsetDateTime());
    }

    /** Like {@link #format} but cut to the minute, for gaps reported "to the minute". */
    public String formatMinute(Instant instant) {
        return instant == null ? "" : format(instant.truncatedTo(ChronoUnit.MINUTES));
    }

    /** The zone's name as shown in reports. */
    public String name() {
        return isUtc() ? "UTC" : zone.getId();
    }
}
