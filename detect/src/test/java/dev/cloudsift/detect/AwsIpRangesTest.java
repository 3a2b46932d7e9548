package dev.cloudsift.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AwsIpRangesTest {
    @Test
    void theBuiltInCopyIsDatedAndCoversEc2Addresses() {
        AwsIpRanges ranges = AwsIpRanges.current();
        assertThat(ranges.createDate()).matches("\\d{4}-\\d{2}-\\d{2}-\\d{2}-\\d{2}-\\d{2}");
        assertThat(ranges.prefixes()).hasSizeGreaterThan(1000).contains("52.208.0.0/13");
        assertThat(ranges.describe()).contains(ranges.createDate()).contains(AwsIpRanges.ENVIRONMENT);
    }

    @Test
    void readsAwsOwnFormatKeepingEachPrefixOnceAcrossServices() throws IOException {
        String download = """
                {"syncToken": "1", "createDate": "2026-01-02-03-04-05",
                 "prefixes": [{"ip_prefix": "3.5.140.0/22", "region": "ap-northeast-2", "service": "AMAZON"},
                              {"ip_prefix": "3.5.140.0/22", "region": "ap-northeast-2", "service": "EC2"}],
                 "ipv6_prefixes": [{"ipv6_prefix": "2a05:d018::/36", "region": "eu-west-1", "service": "EC2"}]}""";
        AwsIpRanges ranges = AwsIpRanges.parse(new ByteArrayInputStream(download.getBytes(StandardCharsets.UTF_8)), "test");
        assertThat(ranges.prefixes()).containsExactly("3.5.140.0/22", "2a05:d018::/36");
        assertThat(ranges.createDate()).isEqualTo("2026-01-02-03-04-05");
    }

    @Test
    void aFileWithoutPrefixesIsRefused() {
        assertThatThrownBy(() -> AwsIpRanges.parse(new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8)), "empty"))
                .isInstanceOf(IOException.class).hasMessageContaining("ip-ranges.json");
    }

    @Test
    void thePlaceholderDefaultsToTheRangesAndAPlaceholderFileOverridesThem() {
        assertThat(Placeholders.none().expand("%aws_ip_ranges%")).hasSize(AwsIpRanges.current().prefixes().size());
        assertThat(new Placeholders(java.util.Map.of("aws_ip_ranges", java.util.List.of("198.18.0.0/15"))).expand("%aws_ip_ranges%"))
                .containsExactly("198.18.0.0/15");
    }
}
