package dev.cloudsift.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cloudsift.core.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exports of the bundled example incident after a hunt: OCSF 1.1 conformance, findings in OCSF and Timesketch, filters, raw. */
class ExportFindingsTest {
    @TempDir
    static Path folder;
    static String caseFile;
    static List<JsonNode> ocsf;

    @BeforeAll
    static void ingestAndHunt() {
        Path example = Path.of(System.getProperty("cloudsift.root", "../"), "examples", "acme-incident");
        caseFile = folder.resolve("acme.duckdb").toString();
        InvestigationGoldenTest.Run ingest = InvestigationGoldenTest.run("ingest", "--case", caseFile, "--quiet", example.toString());
        assertThat(ingest.exitCode()).as(ingest.err()).isZero();
        InvestigationGoldenTest.Run hunt = InvestigationGoldenTest.run("hunt", "--case", caseFile);
        assertThat(hunt.exitCode()).as(hunt.err()).isZero();
        ocsf = lines(export("--format", "ocsf", "--raw"));
    }

    @Test
    void everyOcsfLineOfTheExampleIncidentMeetsTheClassAndObjectDefinitionsOfOcsf11() {
        OcsfExpectations expectations = OcsfExpectations.load();
        Map<String, List<String>> problems = new TreeMap<>();
        for (JsonNode event : ocsf) {
            for (String problem : expectations.violations(event)) {
                problems.computeIfAbsent(event.path("class_uid") + " " + problem, p -> new ArrayList<>())
                        .add(event.path("metadata").path("uid").asText());
            }
        }
        assertThat(problems).as("problem → the first events showing it").isEmpty();
        assertThat(ocsf.stream().map(e -> e.path("class_uid").asInt()).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(0, 6003, 4001, 4002, 2004);
    }

    @Test
    void theExpectationsCatchAMissingRequiredAttributeAWrongTypeAndAnInvalidEnum() throws Exception {
        OcsfExpectations expectations = OcsfExpectations.load();
        JsonNode event = ocsf.stream().filter(e -> e.path("class_uid").asInt() == 6003).findFirst().orElseThrow();
        com.fasterxml.jackson.databind.node.ObjectNode broken = event.deepCopy();
        broken.remove("actor");
        broken.put("time", "yesterday");
        broken.put("severity_id", 7);
        ((com.fasterxml.jackson.databind.node.ObjectNode) broken.path("metadata")).putObject("product").put("name", "x");
        assertThat(expectations.violations(broken)).contains("actor: required but missing", "time: \"yesterday\" is not a timestamp_t",
                "severity_id: 7 is not one of [0,1,2,3,4,5,6,99]", "metadata.product.vendor_name: required but missing");
    }

    @Test
    void anAnonymousS3RequestHasTheAnonymousUserAsActor() {
        JsonNode anonymous = ocsf.stream().filter(e -> e.path("metadata").path("log_name").asText().equals("s3access")
                && !e.path("actor").path("user").has("uid")).findFirst().orElseThrow();
        assertThat(anonymous.path("actor").path("user").path("name").asText()).isEqualTo("anonymous");
    }

    @Test
    void aRoleAssumedByAServiceNamesTheServiceAsSourceEndpoint() {
        JsonNode assume = ocsf.stream().filter(e -> e.path("api").path("operation").asText().equals("AssumeRole")
                && !e.path("src_endpoint").has("ip")).findFirst().orElseThrow();
        assertThat(assume.path("src_endpoint").path("svc_name").asText()).isEqualTo("ec2.amazonaws.com");
    }

    @Test
    void aFlowRecordWithoutTrafficNamesTheInterfaceAsBothEndpoints() {
        JsonNode nodata = ocsf.stream().filter(e -> e.path("message").asText().startsWith("NODATA")).findFirst().orElseThrow();
        assertThat(nodata.path("src_endpoint").path("interface_uid").asText()).startsWith("eni-");
        assertThat(nodata.path("dst_endpoint").path("interface_uid").asText()).startsWith("eni-");
        assertThat(nodata.path("activity_id").asInt()).isEqualTo(99);
    }

    @Test
    void wafAndAlbMapTheSameHttpMethodToTheSameActivity() {
        for (String log : List.of("waf", "alb")) {
            Set<String> pairs = ocsf.stream().filter(e -> e.path("metadata").path("log_name").asText().equals(log))
                    .map(e -> e.path("http_request").path("http_method").asText() + "=" + e.path("activity_id").asInt())
                    .collect(Collectors.toSet());
            assertThat(pairs).as(log).contains("GET=3", "POST=6").allMatch(p -> Set.of("GET=3", "POST=6", "HEAD=4", "PUT=7",
                    "DELETE=2", "OPTIONS=5").contains(p));
        }
    }

    @Test
    void severityRisesForFailuresAndForEventsAFindingMatched() {
        Map<Integer, Long> bySeverity = ocsf.stream().filter(e -> e.path("class_uid").asInt() != 2004)
                .collect(Collectors.groupingBy(e -> e.path("severity_id").asInt(), Collectors.counting()));
        assertThat(bySeverity.keySet()).contains(1, 2, 3, 4);
        JsonNode reject = ocsf.stream().filter(e -> e.path("action_id").asInt() == 2 && e.path("class_uid").asInt() == 4001)
                .findFirst().orElseThrow();
        assertThat(reject.path("severity_id").asInt()).isGreaterThanOrEqualTo(2);
        JsonNode stop = ocsf.stream().filter(e -> e.path("api").path("operation").asText().equals("StopLogging")).findFirst().orElseThrow();
        assertThat(stop.path("severity_id").asInt()).isEqualTo(4);
    }

    @Test
    void eventsNameTheAwsServiceThatLoggedThemAndCloudsiftAsTheLogger() {
        JsonNode trail = ocsf.stream().filter(e -> e.path("metadata").path("log_name").asText().equals("cloudtrail")).findFirst().orElseThrow();
        assertThat(trail.path("metadata").path("product").path("name").asText()).isEqualTo("AWS CloudTrail");
        assertThat(trail.path("metadata").path("product").path("vendor_name").asText()).isEqualTo("AWS");
        assertThat(trail.path("metadata").path("loggers").get(0).path("product").path("name").asText()).isEqualTo("Cloudsift");
    }

    @Test
    void eachFindingIsADetectionFindingWithItsRuleAttackAndTheEventsItMatched() {
        JsonNode stopFinding = ocsf.stream().filter(e -> e.path("class_uid").asInt() == 2004
                && e.path("finding_info").path("title").asText().equals("CloudTrail Logging Stopped")).findFirst().orElseThrow();
        assertThat(stopFinding.path("severity_id").asInt()).isEqualTo(4);
        assertThat(stopFinding.path("finding_info").path("analytic").path("uid").asText()).isNotBlank();
        JsonNode attack = stopFinding.path("finding_info").path("attacks").get(0);
        assertThat(attack.path("technique").path("uid").asText()).isEqualTo("T1562");
        assertThat(attack.path("sub_technique").path("uid").asText()).isEqualTo("T1562.008");
        assertThat(attack.path("tactics").get(0).path("uid").asText()).isEqualTo("TA0005");
        String related = stopFinding.path("finding_info").path("related_events").get(0).path("uid").asText();
        JsonNode event = ocsf.stream().filter(e -> e.path("metadata").path("uid").asText().equals(related)).findFirst().orElseThrow();
        assertThat(event.path("api").path("operation").asText()).isEqualTo("StopLogging");
    }

    @Test
    void timesketchEventsCarryTheFindingsThatMatchedThemAndFindingsHaveLinesOfTheirOwn() {
        List<JsonNode> lines = lines(export("--format", "timesketch"));
        JsonNode stop = lines.stream().filter(n -> n.path("action").asText().equals("StopLogging")).findFirst().orElseThrow();
        List<String> tags = new ArrayList<>();
        stop.path("tag").forEach(t -> tags.add(t.asText()));
        assertThat(tags).contains("CloudTrail Logging Stopped", "level:high", "T1562.008", "TA0005");
        assertThat(stop.path("finding_level").asText()).isEqualTo("high");
        assertThat(stop.path("attack_ids").asText()).contains("T1562.008");
        JsonNode finding = lines.stream().filter(n -> n.path("timestamp_desc").asText().equals("Finding Raised")
                && n.path("rule_title").asText().equals("CloudTrail Logging Stopped")).findFirst().orElseThrow();
        assertThat(finding.path("datetime").asText()).isEqualTo(stop.path("datetime").asText());
        assertThat(finding.path("message").asText()).startsWith("Finding: CloudTrail Logging Stopped");
        assertThat(finding.path("rule_level").asText()).isEqualTo("high");
        long findings = lines.stream().filter(n -> n.path("timestamp_desc").asText().equals("Finding Raised")).count();
        assertThat(findings).isEqualTo(ocsf.stream().filter(e -> e.path("class_uid").asInt() == 2004).count());
    }

    @Test
    void fromToSourceAndEntityKeepOnlyTheEventsAskedFor() {
        List<JsonNode> lines = lines(export("--format", "jsonl", "--source", "cloudtrail", "--entity", "203.0.113.77",
                "--from", "2026-11-03T09:00:00Z", "--to", "2026-11-03T10:00:00Z"));
        assertThat(lines).isNotEmpty().allSatisfy(line -> {
            assertThat(line.path("source").asText()).isEqualTo("cloudtrail");
            assertThat(line.path("src_ip").asText()).isEqualTo("203.0.113.77");
            assertThat(line.path("event_time").asText()).startsWith("2026-11-03").satisfies(t ->
                    assertThat(t.substring(11, 13)).isIn("09", "10"));
        });
    }

    @Test
    void whereKeepsTheEventsItsConditionHoldsForAndFindingsOfThoseEventsOnly() {
        List<JsonNode> lines = lines(export("--format", "ocsf", "--where", "action = 'StopLogging'"));
        assertThat(lines.stream().filter(e -> e.path("class_uid").asInt() == 6003)).hasSize(1);
        assertThat(lines.stream().filter(e -> e.path("class_uid").asInt() == 2004).map(e -> e.path("finding_info").path("title").asText()))
                .contains("CloudTrail Logging Stopped");
    }

    @Test
    void whereThatWouldReadAFileOrEscapeTheStatementIsRefusedBeforeAnythingRuns() {
        for (String where : List.of("EXISTS (SELECT * FROM read_text('/etc/passwd'))",
                "true) TO '/tmp/cloudsift-export-escape.csv' (FORMAT csv); SELECT (1",
                "true); COPY events TO '/tmp/cloudsift-export-escape.csv'; SELECT (1")) {
            InvestigationGoldenTest.Run run = InvestigationGoldenTest.run("export", "--case", caseFile, "--format", "parquet",
                    "-o", folder.resolve("refused.parquet").toString(), "--where", where);
            assertThat(run.exitCode()).as(where + "\n" + run.err()).isEqualTo(ExitCodes.USAGE);
        }
        assertThat(folder.resolve("refused.parquet")).doesNotExist();
        assertThat(Path.of("/tmp/cloudsift-export-escape.csv")).doesNotExist();
    }

    @Test
    void rawCarriesTheOriginalRecordOfEverySource() throws Exception {
        JsonNode trail = ocsf.stream().filter(e -> e.path("api").path("operation").asText().equals("StopLogging")).findFirst().orElseThrow();
        JsonNode original = Json.MAPPER.readTree(trail.path("raw_data").asText());
        assertThat(original.path("eventName").asText()).isEqualTo("StopLogging");
        JsonNode flow = ocsf.stream().filter(e -> e.path("class_uid").asInt() == 4001).findFirst().orElseThrow();
        assertThat(flow.path("unmapped").has("raw_data_missing")).as(flow.toString()).isFalse();
        assertThat(flow.path("raw_data").asText()).isNotEmpty();

        List<JsonNode> all = lines(export("--format", "jsonl", "--raw"));
        assertThat(all).filteredOn(line -> line.path("origin_file").isNull()).isNotEmpty()
                .allSatisfy(line -> assertThat(line.path("raw_missing").asText()).startsWith("original record not kept"));
        assertThat(all).filteredOn(line -> !line.path("origin_file").isNull())
                .allSatisfy(line -> assertThat(line.has("raw_missing")).as(line.toString()).isFalse());
        Set<String> checked = new java.util.TreeSet<>();
        for (JsonNode line : all) {
            Path file = Path.of(line.path("origin_file").asText());
            if (!Files.isRegularFile(file) || !checked.add(line.path("source").asText())) {
                continue;
            }
            // the bytes at the record's offset in the decompressed input are the record, up to its line's end
            byte[] content = decompressed(file);
            byte[] raw = line.path("raw").asText().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            int offset = line.path("origin_offset").asInt();
            assertThat(java.util.Arrays.copyOfRange(content, offset, offset + raw.length)).as(line.toString()).isEqualTo(raw);
        }
        assertThat(checked).contains("cloudtrail", "vpcflow", "s3access", "waf", "alb");
    }

    @Test
    void rawOfARecordWhoseEvidenceFileWasDeletedSaysItIsGoneAndTheExportGoesOn() throws Exception {
        // The case is a folder: copy it whole (catalogue, parts, evidence), then lose one evidence file.
        Path original = Path.of(caseFile);
        Path copy = folder.resolve("gone").resolve("acme-case");
        try (java.util.stream.Stream<Path> files = Files.walk(original)) {
            for (Path from : files.toList()) {
                Path to = copy.resolve(original.relativize(from).toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(from, to);
                }
            }
        }
        String sha256;
        try (dev.cloudsift.store.CaseStore store = dev.cloudsift.store.CaseStore.openReadOnly(copy);
             java.sql.ResultSet row = store.connection().createStatement().executeQuery("SELECT f.evidence_sha256 FROM events e "
                     + "JOIN ingest_files f ON f.file_id = e.file_id WHERE e.action = 'StopLogging'")) {
            assertThat(row.next()).isTrue();
            sha256 = row.getString(1);
        }
        Files.delete(copy.resolve("evidence").resolve("sha256").resolve(sha256.substring(0, 2)).resolve(sha256));

        InvestigationGoldenTest.Run run = InvestigationGoldenTest.run("export", "--case", copy.toString(), "--format", "jsonl",
                "--raw", "--where", "action = 'StopLogging' OR source = 'vpcflow'");
        assertThat(run.exitCode()).as(run.err()).isZero();
        List<JsonNode> exported = lines(run.out());
        JsonNode stop = exported.stream().filter(line -> line.path("action").asText().equals("StopLogging")).findFirst().orElseThrow();
        assertThat(stop.has("raw")).isFalse();
        assertThat(stop.path("raw_missing").asText()).startsWith("original record gone").contains("is missing");
        assertThat(exported).filteredOn(line -> line.path("source").asText().equals("vpcflow")).isNotEmpty()
                .allSatisfy(line -> assertThat(line.path("raw").asText()).isNotEmpty());
    }

    private static byte[] decompressed(Path file) throws java.io.IOException {
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length > 1 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b) {
            try (java.io.InputStream in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(bytes))) {
                return in.readAllBytes();
            }
        }
        return bytes;
    }

    @Test
    void rawIsRefusedForCsvAndParquet() {
        assertThat(InvestigationGoldenTest.run("export", "--case", caseFile, "--format", "csv", "--raw").exitCode())
                .isEqualTo(ExitCodes.USAGE);
    }

    private static String export(String... options) {
        List<String> args = new ArrayList<>(List.of("export", "--case", caseFile));
        args.addAll(List.of(options));
        InvestigationGoldenTest.Run run = InvestigationGoldenTest.run(args.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.err()).isZero();
        return run.out();
    }

    private static List<JsonNode> lines(String out) {
        return out.lines().map(line -> {
            try {
                return Json.MAPPER.readTree(line);
            } catch (Exception e) {
                throw new AssertionError(line, e);
            }
        }).toList();
    }
}
