package dev.cloudsift.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudsift.conformance.Conformance;
import dev.cloudsift.conformance.ConformanceCorpus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The public SigmaHQ AWS rules (the corpus's {@code sigma} folder) load unchanged, and each fires on CloudTrail records built
 * from its own detection, in a real DuckDB case, through the full {@link Hunt}.
 */
@Conformance
class SigmaCorpusConformanceTest {
    /** Rules that cannot fire on any record, with the reason (checked: synthesis must fail for exactly these). */
    private static final Map<String, String> CANNOT_FIRE = Map.of(
            "60b84424-a724-4502-bd0d-cc676e1bc90e",
            "condition 'selection1 and selection2' asks one event to have eventName UpdateAccountSendingEnabled and "
                    + "VerifyEmailIdentity at once; the rule's comment says it meant to correlate two events, but "
                    + "Sigma gives 'and' no time window, so we evaluate it as written");

    static Path corpus() {
        return ConformanceCorpus.path("sigma");
    }

    static List<LoadedRule> loadCorpus() throws Exception {
        Placeholders placeholders = Placeholders.read(Path.of("src/test/resources/placeholders.yml"));
        return new RuleLoader(FieldMappings.builtIn(), placeholders).load(false, List.of(
                corpus().resolve("rules/cloud/aws"), corpus().resolve("rules-placeholder/cloud/aws"),
                corpus().resolve("unsupported/cloud")));
    }

    @Test
    void everyCorpusRuleLoads() throws Exception {
        List<LoadedRule> rules = loadCorpus();

        assertThat(rules).filteredOn(rule -> rule.status() != LoadedRule.Status.OK).isEmpty();
        long files;
        try (var walk = Files.walk(corpus())) {
            files = walk.filter(path -> path.toString().endsWith(".yml")).count();
        }
        assertThat(rules.stream().filter(LoadedRule::standalone).count()).isEqualTo(files);
    }

    @Test
    void fieldsOutsideCloudTrailAreReportedAsWarnings() throws Exception {
        List<LoadedRule> rules = loadCorpus();

        assertThat(rules).filteredOn(rule -> rule.title().equals("AWS SAML Provider Deletion Activity"))
                .singleElement().satisfies(rule -> assertThat(rule.warnings()).containsExactly(
                        "field 'status' is not a documented cloudtrail field; it is looked up in the record's other fields"));
    }

    @Test
    void everyCorpusRuleFiresOnARecordBuiltFromItsDetection(@TempDir Path directory) throws Exception {
        List<LoadedRule> rules = loadCorpus();
        Map<String, LoadedRule> byReference = new HashMap<>();
        rules.forEach(rule -> byReference.put(rule.metadata().reference(), rule));
        Map<String, Set<Long>> rowsByRule = new LinkedHashMap<>();
        Map<String, String> unsatisfiable = new LinkedHashMap<>();
        Instant slot = Instant.parse("2024-01-01T00:00:00Z");
        List<String> records = new ArrayList<>();
        Map<String, List<String>> eventIdsByRule = new LinkedHashMap<>();
        {
            for (LoadedRule rule : rules) {
                if (!rule.standalone()) {
                    continue;
                }
                slot = slot.plus(Duration.ofDays(1));
                List<Expression> parts = new ArrayList<>();
                int copies = 1;
                if (rule.rule() instanceof Rule.Correlation correlation) {
                    for (String reference : correlation.references()) {
                        parts.add(((Rule.Detection) byReference.get(reference).rule()).expression());
                    }
                    copies = correlation.type() == CorrelationType.TEMPORAL ? 1 : neededEvents(correlation);
                } else {
                    parts.add(((Rule.Detection) rule.rule()).expression());
                }
                List<String> eventIds = new ArrayList<>();
                for (Expression part : parts) {
                    Map<String, String> fields = MatchingRecords.satisfy(part);
                    if (fields == null) {
                        unsatisfiable.put(rule.metadata().reference(), rule.title());
                        break;
                    }
                    if (rule.rule() instanceof Rule.Correlation correlation) {
                        // the events of one correlation share their group-by values
                        correlation.groupBy().forEach(field -> fields.putIfAbsent(field, "203.0.113.77"));
                    }
                    for (int copy = 0; copy < copies; copy++) {
                        Instant time = slot.plusSeconds(eventIds.size());
                        String eventId = rule.metadata().reference() + "-" + eventIds.size();
                        records.add(SyntheticCloudTrail.record(fields, time, eventId));
                        eventIds.add(eventId);
                    }
                }
                eventIdsByRule.put(rule.metadata().reference(), eventIds);
            }
        }
        try (IngestedCase ingested = IngestedCase.of(directory, records)) {
            eventIdsByRule.forEach((rule, eventIds) -> rowsByRule.put(rule,
                    new TreeSet<>(eventIds.stream().map(ingested::row).toList())));
            new Hunt(ingested.connection()).run(rules);

            Map<String, Set<Long>> found = new HashMap<>();
            try (Statement statement = ingested.connection().createStatement();
                 ResultSet result = statement.executeQuery("SELECT rule_id, unnest(CAST(row_ids AS BIGINT[])) "
                         + "FROM findings")) {
                while (result.next()) {
                    found.computeIfAbsent(result.getString(1), key -> new TreeSet<>()).add(result.getLong(2));
                }
            }
            assertThat(unsatisfiable.keySet()).containsExactlyInAnyOrderElementsOf(CANNOT_FIRE.keySet());
            List<String> silent = new ArrayList<>();
            for (Map.Entry<String, Set<Long>> rule : rowsByRule.entrySet()) {
                if (CANNOT_FIRE.containsKey(rule.getKey())) {
                    continue;
                }
                Set<Long> fired = found.getOrDefault(rule.getKey(), Set.of());
                if (fired.stream().noneMatch(rule.getValue()::contains)) {
                    silent.add(rule.getKey() + " " + byReference.get(rule.getKey()).title());
                }
            }
            assertThat(silent).isEmpty();
            assertThat(rowsByRule).hasSizeGreaterThan(60);
        }
    }

    /** The smallest number of events that satisfies a count condition. */
    private static int neededEvents(Rule.Correlation correlation) {
        double needed = 1;
        for (Map.Entry<String, Double> bound : correlation.condition().entrySet()) {
            needed = switch (bound.getKey()) {
                case "gt" -> Math.max(needed, Math.floor(bound.getValue()) + 1);
                case "gte", "eq" -> Math.max(needed, Math.ceil(bound.getValue()));
                default -> needed;
            };
        }
        return (int) needed;
    }
}
