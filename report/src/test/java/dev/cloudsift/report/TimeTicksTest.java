package dev.cloudsift.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimeTicksTest {
    @Test
    void anAfternoonGetsRoundHoursInUtc() {
        List<TimeTicks.Tick> ticks = TimeTicks.between(Instant.parse("2026-10-14T08:00:00Z"), Instant.parse("2026-10-14T14:00:00Z"), 9);
        assertThat(ticks).extracting(TimeTicks.Tick::label).containsExactly("08:00", "09:00", "10:00", "11:00", "12:00", "13:00", "14:00");
    }

    @Test
    void aSpanOverMidnightNamesTheDayAndAMinuteNamesSeconds() {
        assertThat(TimeTicks.between(Instant.parse("2026-10-14T22:10:00Z"), Instant.parse("2026-10-15T03:00:00Z"), 9))
                .extracting(TimeTicks.Tick::label).startsWith("10-14 23:00").contains("10-15 00:00");
        assertThat(TimeTicks.between(Instant.parse("2026-10-14T22:10:00Z"), Instant.parse("2026-10-14T22:11:00Z"), 9))
                .extracting(TimeTicks.Tick::label).startsWith("22:10:00").endsWith("22:11:00");
    }

    @Test
    void decadesAreSpreadOverTheWholeRangeWithinTheBound() {
        Instant start = Instant.parse("2000-01-01T00:00:00Z");
        Instant end = Instant.parse("2099-12-31T00:00:00Z");
        List<TimeTicks.Tick> ticks = TimeTicks.between(start, end, 9);
        assertThat(ticks).hasSizeBetween(5, 9);
        assertThat(ticks.get(ticks.size() - 1).time()).isAfter(Instant.parse("2080-01-01T00:00:00Z"));
    }

    @Test
    void anEmptyRangeStillGetsAtMostOneTick() {
        Instant at = Instant.parse("2026-10-14T08:00:00Z");
        assertThat(TimeTicks.between(at, at, 9)).hasSizeLessThanOrEqualTo(1);
    }
}
