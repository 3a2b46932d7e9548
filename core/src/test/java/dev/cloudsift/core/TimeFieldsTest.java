package dev.cloudsift.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimeFieldsTest {
    @Test
    void epochDaysAndMonthLengthsAreJavaTimesForEveryDayFourDigitYearsCanWrite() {
        // two centuries around 2000 (every leap rule), and the first and last years four digits can write
        List<LocalDate> days = new ArrayList<>();
        LocalDate.of(1896, 1, 1).datesUntil(LocalDate.of(2105, 1, 1)).forEach(days::add);
        LocalDate.of(0, 1, 1).datesUntil(LocalDate.of(1, 1, 1)).forEach(days::add);
        LocalDate.of(9999, 1, 1).datesUntil(LocalDate.of(10000, 1, 1)).forEach(days::add);
        for (LocalDate day : days) {
            assertThat(Timestamps.epochDay(day.getYear(), day.getMonthValue(), day.getDayOfMonth())).as(day.toString())
                    .isEqualTo(day.toEpochDay());
            assertThat(Timestamps.lengthOfMonth(day.getYear(), day.getMonthValue())).as(day.toString())
                    .isEqualTo(day.lengthOfMonth());
        }
    }

    @Test
    void decimalDigitsReadOnlyWholeFieldsOfDigitsWithinTheirWidth() {
        assertThat(DecimalDigits.parse("x2025y", 1, 5, 4)).isEqualTo(2025);
        assertThat(DecimalDigits.parse("x2025y".getBytes(), 1, 5, 4)).isEqualTo(2025);
        assertThat(DecimalDigits.parse("12345", 0, 5, 4)).as("wider than allowed").isEqualTo(-1);
        assertThat(DecimalDigits.parse("12a4", 0, 4, 4)).isEqualTo(-1);
        assertThat(DecimalDigits.parse("-12".getBytes(), 0, 3, 4)).as("no sign").isEqualTo(-1);
        assertThat(DecimalDigits.parse("", 0, 0, 4)).as("empty").isEqualTo(-1);
        assertThat(DecimalDigits.parse("999999999999999999", 0, 18, 30)).isEqualTo(999_999_999_999_999_999L);
        assertThat(DecimalDigits.parse("9999999999999999999", 0, 19, 30)).as("past a long's reach").isEqualTo(-1);
        assertThat(DecimalDigits.field("2025-11-04", 5, 7)).isEqualTo(11);
    }

    @Test
    void fixedIsoTimesAreReadByPositionOnlyInTheirTwoShapes() {
        for (String text : List.of("2025-11-04T09:15:30Z", "2025-11-04T09:15:30.123Z", "2024-02-29T23:59:59.999Z",
                "0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z")) {
            assertThat(Timestamps.fixedIsoUtc(text, text.length())).as(text).isEqualTo(java.time.Instant.parse(text));
        }
        for (String text : List.of("2025-02-29T09:15:30Z", "2025-13-04T09:15:30Z", "2025-11-04T24:15:30Z",
                "2025-11-04T09:60:30Z", "2025-11-04T09:15:60.000Z", "2025-11-04 09:15:30Z", "2025/11/04T09:15:30Z",
                "2025-11-04T09:15:30+0000", "2025-11-04T09:15:30.12Z", "2025-11-04T09:15:30.1a3Z",
                "2025-11-04T09:15:30,123Z", "+025-11-04T09:15:30Z")) {
            assertThat(Timestamps.fixedIsoUtc(text, text.length())).as(text).isNull();
        }
        assertThat(Timestamps.fixedIsoUtc("2025-11-04T09:15:30Z rest of the line", 20))
                .isEqualTo(java.time.Instant.parse("2025-11-04T09:15:30Z"));
    }
}
