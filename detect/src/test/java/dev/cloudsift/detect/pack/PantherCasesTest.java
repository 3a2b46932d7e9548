package dev.cloudsift.detect.pack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cloudsift.conformance.Conformance;
import dev.cloudsift.conformance.ConformanceCorpus;
import dev.cloudsift.core.Json;
import dev.cloudsift.detect.LoadedRule;
import dev.cloudsift.detect.RuleLoader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Panther's own test records for the behaviours our rules share with Panther rules (panther-mapping.yml): each
 * {@code Log} is written back in its native shape, ingested through our readers and hunted with our rule, which must
 * fire exactly when Panther's {@code ExpectedResult} is true, except where the mapping documents why we differ.
 */
@Conformance
class PantherCasesTest {
    private static final Pattern SPACED_TIME = Pattern.compile("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(\\.\\d+)?");
    private static final DateTimeFormatter SPACED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSSSSS][.SSSSSS][.SSS]");

    @TempDir
    Path folder;

    /** One line of panther-mapping.yml. */
    record Mapping(String rule, String panther, String block, Map<String, String> differences,
                   Map<String, String> unusable) {}

    @SuppressWarnings("unchecked")
    static List<Mapping> mappings() throws IOException {
        try (InputStream in = PantherCasesTest.class.getResourceAsStream("/panther-mapping.yml")) {
            List<Object> entries = (List<Object>) new Load(LoadSettings.builder().build())
                    .loadFromString(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            List<Mapping> mappings = new ArrayList<>();
            for (Object entry : entries) {
                Map<String, Object> map = (Map<String, Object>) entry;
                mappings.add(new Mapping((String) map.get("rule"), (String) map.get("panther"),
                        (String) map.get("block"), reasons(map.get("differences")), reasons(map.get("unusable"))));
            }
            return mappings;
        }
    }

    private static Map<String, String> reasons(Object given) {
        Map<String, String> reasons = new LinkedHashMap<>();
        if (given instanceof Map<?, ?> map) {
            map.forEach((name, why) -> reasons.put(String.valueOf(name), String.valueOf(why)));
        }
        return reasons;
    }

    @SuppressWarnings("unchecked")
    static List<Arguments> cases() throws IOException {
        Map<String, PackRule> rules = new LinkedHashMap<>();
        for (PackRule rule : BuiltInPack.rules()) {
            rules.put(rule.id(), rule);
        }
        List<Arguments> cases = new ArrayList<>();
        for (Mapping mapping : mappings()) {
            PackRule rule = rules.get(mapping.rule());
            Path pantherFile = ConformanceCorpus.path("panther/" + mapping.panther());
            Map<String, Object> panther = (Map<String, Object>) new Load(LoadSettings.builder().build())
                    .loadFromString(Files.readString(pantherFile, StandardCharsets.UTF_8));
            for (Object test : (List<Object>) panther.getOrDefault("Tests", List.of())) {
                Map<String, Object> map = (Map<String, Object>) test;
                String name = String.valueOf(map.get("Name"));
                boolean expected = Boolean.parseBoolean(String.valueOf(map.get("ExpectedResult")));
                String difference = mapping.differences().get(name);
                cases.add(Arguments.of(rule, mapping, name, map.get("Log"), difference == null ? expected : !expected,
                        (rule == null ? mapping.rule() : rule.title()) + " / " + pantherFile.getFileName() + ": " + name
                                + (difference == null ? "" : " (differs: " + difference + ")")));
            }
        }
        return cases;
    }

    @Test
    void everyMappingNamesARuleOfThePackAndAPantherFileWithTests() throws IOException {
        List<String> ids = BuiltInPack.rules().stream().map(PackRule::id).toList();
        List<Mapping> mappings = mappings();
        assertThat(mappings).isNotEmpty();
        for (Mapping mapping : mappings) {
            assertThat(ids).contains(mapping.rule());
            assertThat(ConformanceCorpus.path("panther/" + mapping.panther())).exists();
        }
        assertThat(cases()).hasSizeGreaterThan(100);
    }

    @ParameterizedTest(name = "{5}")
    @MethodSource("cases")
    void ourRuleAgreesWithPantherOnItsTestRecord(PackRule rule, Mapping mapping, String name, Object log,
                                                  boolean shouldFire, String display) throws Exception {
        assertThat(rule).as("rule %s of panther-mapping.yml", mapping.rule()).isNotNull();
        Assumptions.assumeTrue(!mapping.unusable().containsKey(name), () -> mapping.unusable().get(name));
        Assumptions.assumeTrue(!(log instanceof Map<?, ?> map) || rule.service().equals("waf") || map.containsKey("eventSource"),
                "Panther's test log has no eventSource key (lower-case Athena-style or partial record): not a CloudTrail record");
        Path input = folder.resolve(rule.service().equals("waf") ? "record.log" : "record.json");
        Files.writeString(input, nativeForm(rule.service(), log), StandardCharsets.UTF_8);
        String text = BuiltInPack.text(BuiltInPack.RULES_FOLDER + rule.resource());
        String reference = rule.id();
        if (mapping.block() != null) {
            text = document(text, mapping.block());
            reference = mapping.block();
        }
        List<LoadedRule> loaded = new RuleLoader().loadText("builtin:" + rule.resource(), text);
        // a correlation file loads its building blocks first: the finding to look for is the file's own rule
        String id = mapping.block() != null ? loaded.get(0).metadata().id() : rule.id();
        List<CaseHunt.Finding> findings = CaseHunt.run(folder, List.of(input), loaded);
        boolean fired = findings.stream().anyMatch(finding -> finding.ruleId().equals(id));
        assertThat(fired).as("%s on Panther test '%s'", reference, name).isEqualTo(shouldFire);
    }

    /** The one YAML document of a rule file that carries {@code name: block}, to run a building block alone. */
    static String document(String fileText, String block) {
        for (String document : fileText.split("\n---\n")) {
            if (document.contains("\nname: " + block + "\n")) {
                return document;
            }
        }
        throw new IllegalStateException("no building block named " + block);
    }

    /**
     * Panther keeps records after its own normalization: CloudTrail times with a space instead of ISO, WAF times as
     * ISO text instead of epoch milliseconds, and hand-written test logs drop {@code eventVersion} or {@code eventTime}. Put them back in
     * the shape AWS writes, nothing else.
     */
    static String nativeForm(String service, Object log) throws IOException {
        ObjectNode record = (ObjectNode) Json.MAPPER.valueToTree(log);
        if (service.equals("waf")) {
            if (record.path("timestamp").isTextual()) {
                record.put("timestamp", Instant.parse(record.get("timestamp").asText()).toEpochMilli());
            }
            return Json.MAPPER.writeValueAsString(record) + "\n";
        }
        if (!record.has("eventVersion")) {
            // every record AWS writes carries eventVersion; Panther's hand-made test logs often leave it out
            record.put("eventVersion", "1.08");
        }
        if (!record.has("eventTime")) {
            // likewise eventTime: take Panther's own p_event_time when the log has one
            record.put("eventTime", record.path("p_event_time").isTextual()
                    ? record.get("p_event_time").asText().replace(".000Z", "") : "2024-01-01 00:00:00");
        }
        if (record.path("eventTime").isTextual() && SPACED_TIME.matcher(record.get("eventTime").asText()).matches()) {
            LocalDateTime time = LocalDateTime.parse(record.get("eventTime").asText(), SPACED);
            record.put("eventTime", time.atOffset(ZoneOffset.UTC).toInstant().toString());
        }
        return "{\"Records\":[" + Json.MAPPER.writeValueAsString(record) + "]}\n";
    }
}
