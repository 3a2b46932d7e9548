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

/** Refused calls changed nothing: the whole pack turns fourteen of them into one low finding, not fourteen high ones. */
class DeniedAttemptsTest {
    @TempDir
    Path folder;

    @Test
    void fourteenRefusedSensitiveCallsRaiseOneLowFindingAndNothingHigh() throws Exception {
        List<LoadedRule> pack = RuleLoader.builtIn();
        Map<String, String> levels = pack.stream().collect(Collectors.toMap(LoadedRule::id, LoadedRule::level, (a, b) -> a));
        Path recording = BuiltInPack.casesRoot().resolve("cloudtrail/sensitive_call_denied/positive/fourteen_refusals.json");
        List<CaseHunt.Finding> findings = CaseHunt.run(folder, List.of(recording), pack);
        assertThat(findings).extracting(finding -> levels.get(finding.ruleId())).doesNotContain("high", "critical");
        assertThat(findings).filteredOn(finding -> finding.title().equals("Security-Sensitive Calls Denied")).hasSize(1);
        assertThat(findings.stream().collect(Collectors.groupingBy(CaseHunt.Finding::title, Collectors.counting())))
                .allSatisfy((title, count) -> assertThat(count).as(title).isLessThanOrEqualTo(2L));
    }
}
