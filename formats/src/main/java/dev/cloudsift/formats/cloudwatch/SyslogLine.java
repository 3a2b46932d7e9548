package dev.cloudsift.formats.cloudwatch;

import dev.cloudsift.core.Nullable;
import dev.cloudsift.core.Timestamps;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * A syslog line as the CloudWatch agent ships it from {@code /var/log/secure}, {@code auth.log} or
 * {@code messages}: either the classic BSD prefix {@code Nov  4 09:15:31 host prog[pid]: text} (no year, no
 * zone) or an RFC 3339 stamp {@code 2025-11-04T09:15:31.123456+00:00 host prog[pid]: text}.
 *
 * @param lineTime the time written in the line: for BSD lines the year comes from the CloudWatch event time
 *                 and the zone is taken as UTC (EC2's default); null when it cannot be placed
 */
record SyslogLine(@Nullable Instant lineTime, String host, String program, @Nullable String pid, String text) {
    private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";
    /** A BSD line more than this far after the event that carried it belongs to the previous year. */
    private static final long YEAR_ROLLOVER_SLACK_SECONDS = 2 * 86_400;

    SyslogLine {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(program, "program");
        Objects.requireNonNull(text, "text");
    }

    /** Parses a line, or returns null when it has no syslog prefix. */
    static @Nullable SyslogLine parse(String line, @Nullable Instant eventTime) {
        if (line.length() < 16) {
            return null;
        }
        char first = line.charAt(0);
        if (first >= 'A' && first <= 'Z') {
            return parseBsd(line, eventTime);
        }
        if (first >= '0' && first <= '9') {
            return parseRfc3339(line);
        }
        return null;
    }

    private static @Nullable SyslogLine parseBsd(String line, @Nullable Instant eventTime) {
        int month = monthIndex(line);
        if (month < 0 || month % 3 != 0 || line.charAt(3) != ' ') {
            return null;
        }
        int position = 4;
        if (line.charAt(position) == ' ') {
            position++;
        }
        int dayStart = position;
        while (position < line.length() && Character.isDigit(line.charAt(position)) && position - dayStart < 2) {
            position++;
        }
        if (position == dayStart || position >= line.length() || line.charAt(position) != ' ') {
            return null;
        }
        int day = Integer.parseInt(line, dayStart, position, 10);
        if (day < 1 || day > 31) {
            return null;
        }
        position++;
        int timeEnd = line.indexOf(' ', position);
        if (timeEnd < 0) {
            return null;
        }
        LocalTime time = clockTime(line, position, timeEnd);
        if (time == null) {
            return null;
        }
        return rest(line, timeEnd + 1, placeInYear(month / 3 + 1, day, time, eventTime));
    }

    private static @Nullable SyslogLine parseRfc3339(String line) {
        int stampEnd = line.indexOf(' ');
        if (stampEnd < 19 || line.charAt(4) != '-' || line.charAt(10) != 'T') {
            return null;
        }
        Instant time;
        try {
            time = Timestamps.parseFlexible(line.substring(0, stampEnd));
        } catch (DateTimeParseException notATime) {
            return null;
        }
        return rest(line, stampEnd + 1, time);
    }

    /** {@code host tag: text} after the time stamp. */
    private static @Nullable SyslogLine rest(String line, int start, @Nullable Instant lineTime) {
        int hostEnd = line.indexOf(' ', start);
        if (hostEnd <= start) {
            return null;
        }
        String host = line.substring(start, hostEnd);
        int tagStart = hostEnd + 1;
        int position = tagStart;
        while (position < line.length() && isProgramChar(line.charAt(position))) {
            position++;
        }
        if (position == tagStart || position >= line.length()) {
            return null;
        }
        String program = line.substring(tagStart, position);
        String pid = null;
        if (line.charAt(position) == '[') {
            int close = line.indexOf(']', position);
            if (close < 0) {
                return null;
            }
            pid = line.substring(position + 1, close);
            position = close + 1;
        }
        if (position >= line.length() || line.charAt(position) != ':') {
            return null;
        }
        position++;
        if (position < line.length() && line.charAt(position) == ' ') {
            position++;
        }
        return new SyslogLine(lineTime, host, program, pid, line.substring(position));
    }

    /** Index of the line's three-letter month in {@link #MONTHS}, or -1; read in place, no substring. */
    private static int monthIndex(String line) {
        for (int month = 0; month < MONTHS.length(); month += 3) {
            if (MONTHS.regionMatches(month, line, 0, 3)) {
                return month;
            }
        }
        return -1;
    }

    /**
     * The {@code HH:mm:ss} in {@code [from, to)}, read by position as every syslog daemon writes it; any other
     * shape (fractions, a missing second) goes through {@link LocalTime#parse}, whose formatter was the costliest
     * step of a line. Null when neither reads it.
     */
    private static @Nullable LocalTime clockTime(String line, int from, int to) {
        if (to - from == 8 && line.charAt(from + 2) == ':' && line.charAt(from + 5) == ':') {
            int hour = Timestamps.twoDigits(line, from);
            int minute = Timestamps.twoDigits(line, from + 3);
            int second = Timestamps.twoDigits(line, from + 6);
            if (hour >= 0 && hour < 24 && minute >= 0 && minute < 60 && second >= 0 && second < 60) {
                return LocalTime.of(hour, minute, second);
            }
        }
        try {
            return LocalTime.parse(line.substring(from, to));
        } catch (DateTimeParseException notATime) {
            return null;
        }
    }

    private static boolean isProgramChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.' || c == '/' || c == '(' || c == ')';
    }

    private static @Nullable Instant placeInYear(int month, int day, LocalTime time, @Nullable Instant eventTime) {
        if (eventTime == null) {
            return null;
        }
        int year = yearOf(Math.floorDiv(eventTime.getEpochSecond(), 86_400));
        Instant placed = at(year, month, day, time);
        if (placed != null && placed.getEpochSecond() - eventTime.getEpochSecond() > YEAR_ROLLOVER_SLACK_SECONDS) {
            // A December line carried by a January event: the line was written last year.
            placed = at(year - 1, month, day, time);
        }
        return placed;
    }

    /** A year and the epoch days it spans, {@code [firstDay, endDay)}. */
    private record YearDays(int year, long firstDay, long endDay) {}

    /**
     * The last year {@link #yearOf} worked out: the events of an export mostly share one, and a LocalDate per line to
     * find it showed in profiles. Shared by the parsing threads; a racing thread at worst works the year out again.
     */
    private static YearDays lastYear = new YearDays(1970, 0, 365);

    private static int yearOf(long epochDay) {
        YearDays known = lastYear;
        if (epochDay >= known.firstDay() && epochDay < known.endDay()) {
            return known.year();
        }
        int year = LocalDate.ofEpochDay(epochDay).getYear();
        if (year >= 0 && year < 9999) {
            lastYear = new YearDays(year, Timestamps.epochDay(year, 1, 1), Timestamps.epochDay(year + 1, 1, 1));
        }
        return year;
    }

    private static @Nullable Instant at(int year, int month, int day, LocalTime time) {
        if (year >= 0 && year <= 9999) {
            // every BSD line of a host log comes here: the date reckoned without making two LocalDates
            if (day < 1 || day > Timestamps.lengthOfMonth(year, month)) {
                return null;
            }
            return Instant.ofEpochSecond(Timestamps.epochDay(year, month, day) * 86_400 + time.toSecondOfDay(),
                    time.getNano());
        }
        if (day < 1 || day > LocalDate.of(year, month, 1).lengthOfMonth()) {
            return null;
        }
        return Instant.ofEpochSecond(LocalDate.of(year, month, day).toEpochDay() * 86_400 + time.toSecondOfDay(),
                time.getNano());
    }
}
