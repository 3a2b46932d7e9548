package dev.cloudsift.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogRecordAnomaliesTest {
    private static LogRecord recordAt(Instant time) {
        return new LogRecord(Event.builder("test").eventTime(time).build(), List.of(), null, Position.START);
    }

    @Test
    void aRecordHasNoAnomaliesByDefault() {
        assertThat(recordAt(Instant.parse("2025-11-04T09:15:30Z")).anomalies()).isEmpty();
    }

    @Test
    void aTimeNoAwsLogCanCarryIsKeptAsWrittenAndFlagged() {
        Instant yearZero = Instant.parse("0000-11-04T09:15:30Z");

        LogRecord record = recordAt(yearZero);

        assertThat(record.event().eventTime()).isEqualTo(yearZero);
        assertThat(record.anomalies()).containsExactly(Anomalies.TIME_OUT_OF_RANGE);
        assertThat(recordAt(Instant.parse("9999-12-31T23:59:59Z")).anomalies()).containsExactly("time_out_of_range");
    }

    @Test
    void addedAnomaliesKeepTheirOrderWithoutRepeats() {
        LogRecord record = recordAt(null).withAnomalies(List.of("no_time", "duplicate_key:a")).withAnomalies(List.of("no_time"));

        assertThat(record.anomalies()).containsExactly("no_time", "duplicate_key:a");
    }

    @Test
    void aHostileRecordCannotCarryEndlessAnomalies() {
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            many.add("duplicate_key:k" + i);
        }

        LogRecord record = recordAt(null).withAnomalies(many);

        assertThat(record.anomalies()).hasSize(16).endsWith("more_anomalies:985");
    }
}
