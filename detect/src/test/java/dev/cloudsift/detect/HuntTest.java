package dev.cloudsift.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A hunt over a whole case: every rule is timed and reported, and one rule's trouble does not stop the others. */
class HuntTest {
    @TempDir
    Path directory;

    @Test
    void reportsEachRuleWithItsModeAndKeepsGoingPastAFailure() throws Exception {
        String rules = """
                title: Trail stopped
                id: stop
                logsource: {product: aws, service: cloudtrail}
                detection:
                  sel: {eventName: StopLogging}
                  condition: sel
                level: high
                ---
                title: EC2 metrics
                id: flows
                logsource: {product: aws, service: metrics}
                detection:
                  sel: {namespace: AWS/EC2}
                  condition: sel
                ---
                title: Events of any source
                id: any
                logsource: {product: aws}
                detection:
                  sel: {source: cloudtrail, action: StopLogging}
                  condition: sel
                level: low
                """;
        try (IngestedCase ingested = IngestedCase.of(directory, List.of(
                TrailEvent.of("e1", "2024-03-01T10:00:00Z", "StopLogging").json(),
                TrailEvent.of("e2", "2024-03-01T10:01:00Z", "ListUsers").json()))) {
            List<LoadedRule> loaded = new RuleLoader().loadText("hunt.yml", rules);
            try (Statement statement = ingested.connection().createStatement()) {
                // a metrics table without the column the rule reads, as in a case written by an older build
                statement.execute("CREATE OR REPLACE VIEW metrics AS SELECT CAST(1 AS BIGINT) AS row_id");
            }

            HuntResult result = new Hunt(ingested.connection()).run(loaded);

            assertThat(result.runs()).extracting(run -> run.rule().reference(), RuleRun::mode, RuleRun::findings)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("stop", "sql", 1L),
                            org.assertj.core.groups.Tuple.tuple("flows", "failed", 0L),
                            org.assertj.core.groups.Tuple.tuple("any", "sql", 1L));
            assertThat(result.failed()).singleElement().satisfies(run -> assertThat(run.error())
                    .isEqualTo("field 'namespace' maps to metrics.namespace, which this case does not have"));
            assertThat(result.slowest(2)).hasSize(2);
            assertThat(result.phaseNanos()).as("where the hunt's time went, phase by phase")
                    .containsKeys("rules evaluated alone", "copy matched rows", "detection findings");
            try (Statement statement = ingested.connection().createStatement();
                 ResultSet rows = statement.executeQuery("SELECT rule_id, level, kind, summary FROM findings "
                         + "ORDER BY finding_id")) {
                rows.next();
                assertThat(rows.getString(1)).isEqualTo("stop");
                assertThat(rows.getString(2)).isEqualTo("high");
                assertThat(rows.getString(3)).isEqualTo("detection");
                assertThat(rows.getString(4)).isNotBlank();
                rows.next();
                assertThat(rows.getString(1)).isEqualTo("any");
                assertThat(rows.next()).isFalse();
            }
        }
    }

    @Test
    void aHuntLimitedToSomeRulesReplacesTheirFindingsAndKeepsTheOthers() throws Exception {
        String rules = """
                title: Trail stopped
                id: stop
                logsource: {product: aws, service: cloudtrail}
                detection:
                  sel: {eventName: StopLogging}
                  condition: sel
                level: high
                ---
                title: Users listed
                id: list
                logsource: {product: aws, service: cloudtrail}
                detection:
                  sel: {eventName: ListUsers}
                  condition: sel
                level: low
                """;
        try (IngestedCase ingested = IngestedCase.of(directory, List.of(
                TrailEvent.of("e1", "2024-03-01T10:00:00Z", "StopLogging").json(),
                TrailEvent.of("e2", "2024-03-01T10:01:00Z", "ListUsers").json(),
                TrailEvent.of("e3", "2024-03-01T10:02:00Z", "ListUsers").json()))) {
            List<LoadedRule> loaded = new RuleLoader().loadText("hunt.yml", rules);
            new Hunt(ingested.connection()).run(loaded);

            HuntResult high = new Hunt(ingested.connection()).run(loaded, rule -> rule.level().equals("high"));
            HuntResult highAgain = new Hunt(ingested.connection()).run(loaded, rule -> rule.level().equals("high"));

            assertThat(high.runs()).extracting(run -> run.rule().reference()).containsExactly("stop");
            assertThat(highAgain.runs()).extracting(RuleRun::findings).containsExactly(1L);
            try (Statement statement = ingested.connection().createStatement();
                 ResultSet rows = statement.executeQuery("SELECT rule_id, count(*), count(ingest_id) FROM findings "
                         + "GROUP BY 1 ORDER BY 1")) {
                rows.next();
                assertThat(rows.getString(1)).isEqualTo("list");
                assertThat(rows.getLong(2)).isEqualTo(2);
                assertThat(rows.getLong(3)).as("each finding names the ingest it saw").isEqualTo(2);
                rows.next();
                assertThat(rows.getString(1)).isEqualTo("stop");
                assertThat(rows.getLong(2)).as("replaced, not added twice").isEqualTo(1);
                assertThat(rows.next()).isFalse();
            }
        }
    }
}
