package dev.cloudsift.formats.cloudwatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The export line stamp, read by position on the hot path, agrees with {@link Instant#parse}. */
class ExportLinesTest {
    @ParameterizedTest
    @CsvSource(nullValues = "-", textBlock = """
            2025-11-04T09:15:31.000Z message,           2025-11-04T09:15:31Z
            2024-02-29T23:59:59.999Z leap day,          2024-02-29T23:59:59.999Z
            1970-01-01T00:00:00.000Z epoch,             1970-01-01T00:00:00Z
            2025-11-04T09:15:31.123456Z microseconds,   2025-11-04T09:15:31.123456Z
            2025-11-04T09:15:31Z no fraction,           2025-11-04T09:15:31Z
            2025-02-29T10:00:00.000Z no such day,       -
            2025-11-04T24:00:00.000Z hour 24,           -
            2025-11-04T09:60:00.000Z minute 60,         -
            2025-11-04T09:15:31.0x0Z letter,            -
            """)
    void readsTheStampLikeInstantParse(String line, String expected) {
        int end = ExportLines.timestampEnd(line);

        assertThat(end).isPositive();
        assertThat(ExportLines.timestamp(line, end)).isEqualTo(expected == null ? null : Instant.parse(expected));
    }
}
