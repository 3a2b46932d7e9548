package dev.cloudsift.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CorrelationSummaryTest {
    @Test
    void saysADistinctValueCountInWords() {
        assertThat(CorrelationSummary.describe(CorrelationType.VALUE_COUNT, 5L, "requestParameters.secretId",
                Duration.ofMinutes(10), Map.of("userIdentity.arn", "arn:aws:iam::111122223333:user/alice"), List.of()))
                .isEqualTo("5 distinct secrets by alice within 10 minutes");
    }

    @Test
    void namesEventCountsAndCallsByTheirNouns() {
        assertThat(CorrelationSummary.describe(CorrelationType.EVENT_COUNT, 40L, null, Duration.ofHours(1),
                Map.of("sourceIPAddress", "203.0.113.77"), List.of())).isEqualTo("40 matching events by 203.0.113.77 within 1 hour");
        assertThat(CorrelationSummary.noun("eventName")).isEqualTo("API calls");
        assertThat(CorrelationSummary.noun("userIdentity.accessKeyId")).isEqualTo("access keys");
        assertThat(CorrelationSummary.noun("requestParameters.policyArn")).isEqualTo("policies");
    }

    @Test
    void listsTheRulesOfAnOrderedCorrelation() {
        assertThat(CorrelationSummary.describe(CorrelationType.TEMPORAL_ORDERED, 2L, null, Duration.ofSeconds(90), Map.of(),
                List.of("create_user", "attach_admin"))).isEqualTo("rules create_user then attach_admin matched in that order within 90 seconds");
    }
}
