package dev.cloudsift.investigate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudsift.investigate.fixture.TestCase;
import dev.cloudsift.store.CaseStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Findings are grouped as records are: per rule in entity, in runs in the timeline, and found through a key's rows. */
class FindingCollapseTest {
    private static final String SESSION_KEY = "ASIAATTACKERADMIN001";

    @TempDir
    static Path folder;
    static Path caseFile;
    static long sessionRows;

    @BeforeAll
    static void ingest() throws Exception {
        caseFile = TestCase.scenario(folder);
        // one finding per record of the admin session (they name the role's session, not the key), and forty SSRF
        // probes ten seconds apart from one address
        TestCase.execute(caseFile, """
                INSERT INTO findings (finding_id, rule_id, title, level, time, source, row_ids, principal, src_ip, summary)
                SELECT row_number() OVER (), 'rule-admin', 'Admin session activity', 'medium', event_time, source,
                       to_json([row_id]), principal, src_ip, coalesce(action, '?') || ' by the admin session'
                FROM events WHERE access_key_id = 'ASIAATTACKERADMIN001'""", """
                INSERT INTO findings (finding_id, rule_id, title, level, time, source, row_ids, principal, src_ip, summary)
                SELECT 1000 + i, 'rule-ssrf', 'SSRF probe', 'high', TIMESTAMP '2025-11-04 09:30:00' + i * INTERVAL 10 SECOND,
                       'waf', '[]', NULL, '203.0.113.45', 'probe ' || i
                FROM range(40) t(i)""");
        try (CaseStore store = CaseStore.openReadOnly(caseFile);
             var statement = store.connection().createStatement();
             var result = statement.executeQuery("SELECT count(*) FROM events WHERE access_key_id = '" + SESSION_KEY + "'")) {
            result.next();
            sessionRows = result.getLong(1);
        }
    }

    @Test
    void entityOfASessionKeyShowsTheFindingsMadeWithItsRecords() throws Exception {
        EntityProfile profile;
        try (CaseStore store = CaseStore.openReadOnly(caseFile)) {
            profile = new EntityPivot(store.connection()).profile(EntityMatch.of(SESSION_KEY));
        }
        assertThat(sessionRows).isPositive();
        List<RuleFindings> rules = RuleFindings.group(profile.findings());
        assertThat(rules).filteredOn(rule -> rule.ruleId().equals("rule-admin")).singleElement()
                .satisfies(rule -> assertThat(rule.count()).isEqualTo(sessionRows));
    }

    @Test
    void timelineCollapsesFortyProbesIntoOneLineWithCountAndSpan() throws Exception {
        List<TimelineEntry> entries = new ArrayList<>();
        try (CaseStore store = CaseStore.openReadOnly(caseFile)) {
            new Timeline(store.connection()).walk(new TimelineQuery(null, null, EntityMatch.of("203.0.113.45"), List.of(),
                    Duration.ofMinutes(5)), entries::add);
        }
        assertThat(entries).filteredOn(entry -> entry.isFinding() && entry.finding().ruleId().equals("rule-ssrf"))
                .singleElement().satisfies(entry -> {
                    assertThat(entry.count()).isEqualTo(40);
                    assertThat(entry.first()).isEqualTo(Instant.parse("2025-11-04T09:30:00Z"));
                    assertThat(entry.last()).isEqualTo(Instant.parse("2025-11-04T09:36:30Z"));
                });
    }

    @Test
    void groupsTheCaseFindingsByRuleWithCountsAndSpans() throws Exception {
        List<RuleFindings> rules;
        try (CaseStore store = CaseStore.openReadOnly(caseFile)) {
            rules = new FindingsTable(store.connection()).byRule(3);
        }
        assertThat(rules).extracting(RuleFindings::ruleId).containsExactly("rule-ssrf", "rule-admin");
        assertThat(rules.get(0).count()).isEqualTo(40);
        assertThat(rules.get(0).entities()).containsExactly(new Counted("203.0.113.45", 40));
        assertThat(rules.get(0).example()).isEqualTo("probe 0");
        assertThat(rules.get(1).count()).isEqualTo(sessionRows);
    }
}
