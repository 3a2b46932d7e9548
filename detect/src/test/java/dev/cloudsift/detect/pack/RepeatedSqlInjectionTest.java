package dev.cloudsift.detect.pack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudsift.detect.LoadedRule;
import dev.cloudsift.detect.RuleLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Blocked SQL injection is reported per probing address and day, not per blocked request. */
class RepeatedSqlInjectionTest {
    @TempDir
    Path folder;

    @Test
    void repeatsFromOneAddressWithinADayAreOneMediumFindingAndNothingHigh() throws Exception {
        List<LoadedRule> pack = RuleLoader.builtIn();
        Map<String, String> levels = pack.stream().collect(Collectors.toMap(LoadedRule::id, LoadedRule::level, (a, b) -> a));
        // three blocks from one address in half an hour, one from another address, one from the first a day later
        Path recording = Path.of(getClass().getResource("/waf-repeats/blocked_sqli_repeats.log").toURI());
        List<CaseHunt.Finding> findings = CaseHunt.run(folder, List.of(recording), pack);
        assertThat(findings).filteredOn(finding -> finding.title().equals("SQL Injection Attempts Seen by WAF"))
                .hasSize(3);
        assertThat(findings).extracting(finding -> levels.get(finding.ruleId())).doesNotContain("high", "critical");
    }
}
