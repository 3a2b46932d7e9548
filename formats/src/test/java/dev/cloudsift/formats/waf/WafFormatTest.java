package dev.cloudsift.formats.waf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudsift.core.LogFormat;
import dev.cloudsift.core.PathHints;
import dev.cloudsift.core.Sample;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WafFormatTest {
    private static int sniff(String text) {
        return new WafFormat().sniff(new Sample(text.getBytes(StandardCharsets.UTF_8), true, "x", PathHints.NONE));
    }

    @Test
    void claimsWafRecordsStrongly() {
        assertThat(sniff("{\"timestamp\":1,\"formatVersion\":1,\"webaclId\":\"arn\",\"httpRequest\":{}}\n"))
                .isEqualTo(LogFormat.STRONG);
    }

    @Test
    void looksPastLeadingBlankLines() {
        assertThat(sniff("\n\r\n{\"timestamp\":1,\"webaclId\":\"arn\",\"httpRequest\":{}}\n")).isEqualTo(LogFormat.STRONG);
    }

    @Test
    void claimsAFirstRecordLongerThanTheSampleWeakly() {
        assertThat(sniff("{\"timestamp\":1,\"webaclId\":\"arn\",\"terminatingRuleId\":\"" + "x".repeat(70_000)))
                .isEqualTo(LogFormat.WEAK);
    }

    @Test
    void leavesCloudWatchPayloadsCarryingWafMessagesAlone() {
        assertThat(sniff("{\"messageType\":\"DATA_MESSAGE\",\"logEvents\":[{\"id\":\"1\",\"timestamp\":1,"
                + "\"message\":\"{\\\"timestamp\\\":1,\\\"webaclId\\\":\\\"arn\\\",\\\"httpRequest\\\":{}}\"}]}"))
                .isEqualTo(LogFormat.NO);
    }

    @Test
    void leavesOtherJsonAndTextAlone() {
        assertThat(sniff("{\"Records\":[{\"eventVersion\":\"1.11\"}]}")).isEqualTo(LogFormat.NO);
        assertThat(sniff("79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be bucket [06/Feb/2019:00:00:38 +0000]"))
                .isEqualTo(LogFormat.NO);
    }
}
