package dev.cloudsift.formats.s3access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudsift.core.LogFormat;
import dev.cloudsift.core.PathHints;
import dev.cloudsift.core.Sample;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class S3AccessFormatTest {
    private static int sniff(String text) {
        return new S3AccessFormat().sniff(new Sample(text.getBytes(StandardCharsets.UTF_8), true, "x", PathHints.NONE));
    }

    @Test
    void claimsLinesWithACanonicalOwnerAndBracketedTimeStrongly() {
        assertThat(sniff("79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be awsexamplebucket [06/Feb/2019:00:00:38 +0000] 192.0.2.3 -"))
                .isEqualTo(LogFormat.STRONG);
    }

    @Test
    void claimsShorterHexOwnersWeakly() {
        assertThat(sniff("f16a9e81a6589df1c902c86f7982fd14a88787db cloudtrail [14/Feb/2020:00:53:48 +0000] 127.0.0.1"))
                .isEqualTo(LogFormat.WEAK);
    }

    @Test
    void leavesOtherTextAlone() {
        assertThat(sniff("2025-11-04T09:15:31.000Z Accepted publickey for ec2-user")).isEqualTo(LogFormat.NO);
        assertThat(sniff("version account-id interface-id srcaddr dstaddr")).isEqualTo(LogFormat.NO);
        assertThat(sniff("{\"timestamp\":1}")).isEqualTo(LogFormat.NO);
        assertThat(sniff("79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be bucket 06/Feb/2019:00:00:38")).isEqualTo(LogFormat.NO);
    }
}
