package dev.cloudsift.formats.waf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudsift.formats.testing.FormatHarness;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Values of WAF records that trip readers (seen in the conformance corpus), on a fixture of our own:
 * {@code waf-traps/odd-values.log}, one record per trap.
 */
class WafTrapsTest {
    private static FormatHarness.Result result;

    @BeforeAll
    static void read() throws IOException {
        result = FormatHarness.read(Path.of("src/test/resources/waf-traps/odd-values.log"));
        assertThat(result.format()).map(format -> format.name()).contains("waf.json");
        assertThat(result.problems()).isEmpty();
        assertThat(result.records()).hasSize(3);
    }

    @Test
    void keepsARequestIdWrittenAsTheTextNullButGivesTheEventNoId() {
        assertThat(result.column("waf", "request_id").get(0)).isEqualTo("null");
        assertThat(result.events().get(0).eventId()).isNull();
        assertThat(result.events().get(1).eventId()).isEqualTo("1-6909c500-0a1b2c3d4e5f60718293a4b5");
    }

    @Test
    void keepsAnEmptyUriAndArgumentsAsEmptyText() {
        assertThat(result.column("waf", "uri").get(0)).isEqualTo("");
        assertThat(result.column("waf", "args").get(0)).isEqualTo("");
        assertThat(result.column("waf", "args").get(1)).isEqualTo("q=%3Cscript%3E");
    }

    @Test
    void keepsADashSourceAsWritten() {
        assertThat(result.column("waf", "http_source_name")).containsExactly("ALB", "-", "-");
        assertThat(result.column("waf", "http_source_id").get(1)).isEqualTo("-");
        assertThat(result.column("waf", "event_time").get(0)).isEqualTo(Instant.ofEpochMilli(1762247730100L));
    }

    @Test
    void readsARuleGroupTerminationWhoseMatchDetailsAreNull() {
        assertThat(result.column("waf", "terminating_rule_type")).containsExactly("REGULAR", "GROUP", "REGULAR");
        assertThat(result.column("waf", "terminating_rule_id").get(1)).isEqualTo("ShopRuleGroup");
        assertThat(result.column("waf", "action")).containsExactly("BLOCK", "BLOCK", "ALLOW");
    }

    @Test
    void leavesTheCountryOfADashUnsetAndReadsAnIpv6Client() {
        assertThat(result.column("waf", "country")).containsExactly("IE", null, "IE");
        assertThat(result.column("waf", "client_ip").get(2)).isEqualTo("2001:db8:40::9");
    }
}
