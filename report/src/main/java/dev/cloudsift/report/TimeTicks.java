package dev.cloudsift.report;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** Round UTC tick times for a time axis: the smallest step from a fixed ladder that leaves at most a given number of ticks. */
final class TimeTicks {
    private static final List<Duration> STEPS = List.of(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(15),
            Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofMinutes(10),
            Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(3),
            Duration.ofHours(6), Duration.ofHours(12), Duration.ofDays(1), Duration.ofDays(2), Duration.ofDays(7),
            Duration.ofDays(14), Duration.ofDays(30), Duration.ofDays(91), Duration.ofDays(365));
    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY_MINUTE = DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    /** One tick: its time and its label. */
    record Tick(Instant time, String label) {}

    private TimeTicks() {}

    /** Ticks within {@code [start, end]}, at most {@code most}, spread over the whole range. */
    static List<Tick> between(Instant start, Instant end, int most) {
        long span = Math.max(1, Duration.between(start, end).toMillis());
        // beyond the ladder (a case spanning decades), whole years
        long years = Math.max(1, -Math.floorDiv(-span, Duration.ofDays(365).toMillis() * most));
        Duration step = Duration.ofDays(365 * years);
        for (Duration candidate : STEPS) {
            if (span / candidate.toMillis() < most) {
                step = candidate;
                break;
            }
        }
        long stepMillis = step.toMillis();
        boolean severalDays = !DAY.format(start).equals(DAY.format(end));
        DateTimeFormatter format = stepMillis >= Duration.ofDays(1).toMillis() ? DAY
                : severalDays ? DAY_MINUTE : stepMillis < 60_000 ? SECOND : MINUTE;
        List<Tick> ticks = new ArrayList<>();
        long first = Math.floorDiv(start.toEpochMilli() + stepMillis - 1, stepMillis) * stepMillis;
        for (long at = first; at <= end.toEpochMilli() && ticks.size() < most; at += stepMillis) {
            Instant time = Instant.ofEpochMilli(at);
            ticks.add(new Tick(time, format.format(time)));
        }
        return ticks;
    }
}
