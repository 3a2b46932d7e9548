package dev.cloudsift.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudsift.investigate.fixture.TestCase;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TimeZone;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whole-CLI runs over the multi-source scenario: ingest it with {@code cloudsift ingest}, then compare what
 * timeline, entity, chain, suspects and gaps print with {@code src/test/resources/golden/<name>.txt}.
 * Regenerate with {@code -Dcloudsift.regenerateGoldens=true} and read the diff.
 */
class InvestigationGoldenTest {
    @TempDir
    static Path folder;
    static String caseFile;

    /** Run output with the exit code first. */
    record Run(int exitCode, String out, String err) {}

    static Run run(String... args) {
        TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var commandLine = Main.newCommandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        int code = commandLine.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @BeforeAll
    static void ingest() throws Exception {
        caseFile = folder.resolve("case").toString();
        Run ingest = run("ingest", "--case", caseFile, "--quiet", TestCase.scenarioFolder().toString());
        assertThat(ingest.exitCode()).as(ingest.err()).isZero();
    }

    static Stream<Arguments> commands() {
        return Stream.of(
                Arguments.of("timeline", List.of("timeline", "--from", "2025-11-04T08:55:00Z", "--to", "2025-11-04T12:00:00Z")),
                Arguments.of("timeline-berlin", List.of("timeline", "--from", "2025-11-04T09:20:00Z", "--to",
                        "2025-11-04T09:31:00Z", "--timezone", "Europe/Berlin")),
                Arguments.of("timeline-entity-csv", List.of("timeline", "--entity", "AKIAEXAMPLELEAKED001", "--format", "csv")),
                Arguments.of("entity-ip", List.of("entity", "203.0.113.45")),
                Arguments.of("entity-key-jsonl", List.of("entity", "ASIAATTACKERADMIN001", "--format", "jsonl")),
                Arguments.of("chain-leaked-key", List.of("chain", "AKIAEXAMPLELEAKED001")),
                Arguments.of("chain-instance", List.of("chain", "ASIAINSTANCEWEB00003", "--timezone", "+05:30")),
                Arguments.of("suspects", List.of("suspects", "--top", "8")),
                Arguments.of("gaps", List.of("gaps")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void printsWhatTheGoldenFileHolds(String name, List<String> args) throws IOException {
        List<String> full = new ArrayList<>(args);
        full.add("--case");
        full.add(caseFile);
        Run result = run(full.toArray(String[]::new));
        assertThat(result.exitCode()).as(result.err()).isZero();
        Path golden = Path.of("src/test/resources/golden", name + ".txt");
        if (Boolean.getBoolean("cloudsift.regenerateGoldens")) {
            Files.createDirectories(golden.getParent());
            Files.writeString(golden, result.out(), StandardCharsets.UTF_8);
        }
        assertThat(golden).as("golden file; regenerate with -Dcloudsift.regenerateGoldens=true").exists();
        assertThat(result.out()).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
    }

    @Test
    void anUnknownTimeZoneIsAUsageErrorNotASilentFallback() {
        Run result = run("timeline", "--case", caseFile, "--timezone", "Mars/Olympus");
        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("unknown time zone 'Mars/Olympus'");
    }

    @Test
    void geoIpAddsCountryAndAutonomousSystemToIpsAndABadDatabaseIsAUsageError() throws Exception {
        Path database = folder.resolve("test.mmdb");
        dev.cloudsift.investigate.fixture.MmdbWriter.write(database, new int[] {203, 0, 113}, "ZZ", 64500, "Example Hosting");
        Run entity = run("entity", "--case", caseFile, "--geoip", database.toString(), "203.0.113.45");
        assertThat(entity.exitCode()).as(entity.err()).isZero();
        assertThat(entity.out()).startsWith("Entity 203.0.113.45 [ZZ, AS64500 Example Hosting] (IP address)");
        Run suspects = run("suspects", "--case", caseFile, "--geoip", database.toString(), "--top", "1");
        assertThat(suspects.out()).contains("203.0.113.45 [ZZ, AS64500 Example Hosting]");
        Run timeline = run("timeline", "--case", caseFile, "--geoip", database.toString(), "--source", "waf");
        assertThat(timeline.out()).contains("from 203.0.113.45 [ZZ, AS64500 Example Hosting]");
        Path junk = folder.resolve("junk.mmdb");
        Files.writeString(junk, "not a database");
        Run bad = run("entity", "--case", caseFile, "--geoip", junk.toString(), "203.0.113.45");
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).contains("is not a readable MaxMind database");
    }

    @Test
    void aValueOfNoKnownShapeIsAUsageError() {
        Run result = run("entity", "--case", caseFile, "two words");
        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("not an IP address");
    }
}
