package dev.cloudsift.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What public Sigma rules do that an engine must survive (seen in the conformance corpus), on rules of our own
 * under {@code sigma-traps/}.
 */
class SigmaTrapsTest {
    private static final Path TRAPS = Path.of("src/test/resources/sigma-traps");

    private static LoadedRule load(String file) {
        List<LoadedRule> rules = new RuleLoader(FieldMappings.builtIn(), Placeholders.none())
                .load(false, List.of(TRAPS.resolve(file)));
        assertThat(rules).singleElement().satisfies(rule -> assertThat(rule.status()).isEqualTo(LoadedRule.Status.OK));
        return rules.get(0);
    }

    @Test
    void loadsARuleNamingAnUndocumentedFieldWithAWarning() {
        LoadedRule rule = load("undocumented-field.yml");

        assertThat(rule.warnings()).containsExactly(
                "field 'status' is not a documented cloudtrail field; it is looked up in the record's other fields");
    }

    @Test
    void evaluatesAndOfTwoEventNamesAsWrittenSoItNeverFiresOnTheTwoEvents(@TempDir Path directory) throws Exception {
        // The author meant "StopLogging then DeleteTrail"; Sigma's 'and' asks one event for both names and gives no
        // time window, so we keep its meaning rather than guess a correlation.
        LoadedRule rule = load("two-event-names-and.yml");
        assertThat(MatchingRecords.satisfy(((Rule.Detection) rule.rule()).expression())).isNull();
        List<String> records = List.of(
                SyntheticCloudTrail.record(Map.of("eventSource", "cloudtrail.amazonaws.com", "eventName", "StopLogging"),
                        Instant.parse("2025-11-04T09:00:00Z"), "stop-1"),
                SyntheticCloudTrail.record(Map.of("eventSource", "cloudtrail.amazonaws.com", "eventName", "DeleteTrail"),
                        Instant.parse("2025-11-04T09:00:05Z"), "delete-1"));

        // the same first selection alone: proves the case and the hunt see the events
        LoadedRule control = new RuleLoader().loadText("control.yml", Files.readString(TRAPS.resolve("two-event-names-and.yml"))
                .replace("8c9d0e1f-2a3b-4c5d-8e6f-7a8b9c0d1e2f", "8c9d0e1f-2a3b-4c5d-8e6f-000000000000")
                .replace("condition: selection1 and selection2", "condition: selection1")).get(0);

        try (IngestedCase ingested = IngestedCase.of(directory, records)) {
            new Hunt(ingested.connection()).run(List.of(rule, control));
            assertThat(findings(ingested, rule.id())).isZero();
            assertThat(findings(ingested, control.id())).isEqualTo(1);
        }
    }

    private static long findings(IngestedCase ingested, String ruleId) throws Exception {
        try (PreparedStatement statement = ingested.connection().prepareStatement(
                "SELECT count(*) FROM findings WHERE rule_id = ?")) {
            statement.setString(1, ruleId);
            try (ResultSet count = statement.executeQuery()) {
                count.next();
                return count.getLong(1);
            }
        }
    }
}
