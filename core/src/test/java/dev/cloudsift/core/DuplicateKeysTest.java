package dev.cloudsift.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class DuplicateKeysTest {
    @Test
    void aKeyNamedTwiceIsReadWithItsLastValueAndNamedByItsPath() throws Exception {
        JsonNode record = Json.MAPPER.readTree("""
                {"eventName":"ListUsers","eventName":"DeleteTrail",
                 "userIdentity":{"arn":"arn:a","arn":"arn:b"},"resources":[{"ARN":"x","ARN":"y"}]}""");

        assertThat(record.get("eventName").asText()).isEqualTo("DeleteTrail");
        assertThat(DuplicateKeys.takeFrom(record)).containsExactly(
                "duplicate_key:eventName", "duplicate_key:userIdentity.arn", "duplicate_key:resources[0].ARN");
    }

    @Test
    void duplicatesAreTakenOnceAndOnlyForTheTreeTheyBelongTo() throws Exception {
        JsonNode first = Json.MAPPER.readTree("{\"a\":1,\"a\":2}");
        JsonNode second = Json.MAPPER.readTree("{\"b\":1}");

        assertThat(DuplicateKeys.takeFrom(second)).isEmpty();
        assertThat(DuplicateKeys.takeFrom(first)).isEmpty();
    }

    @Test
    void aRecordWithoutDuplicatesHasNone() throws Exception {
        JsonNode record = Json.MAPPER.readerFor(JsonNode.class).readTree("{\"eventName\":\"ListUsers\",\"x\":{\"eventName\":1}}");

        assertThat(DuplicateKeys.takeFrom(record)).isEmpty();
    }

    @Test
    void aHostileKeyNameIsCutAndCannotBreakALine() throws Exception {
        String name = "k\\u001b[31m" + "x".repeat(500);
        JsonNode record = Json.MAPPER.readTree("{\"" + name + "\":1,\"" + name + "\":2}");

        String anomaly = DuplicateKeys.takeFrom(record).get(0);
        assertThat(anomaly).startsWith("duplicate_key:k?[31mxxx").hasSizeLessThan(130).doesNotContain("\u001b");
    }
}
