package dev.cloudsift.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code raw} and {@code verify} on a case ingested by the CLI itself. */
class RawAndVerifyCommandTest {
    private static final String EVENT_ID = "6a0b3c2d-1e4f-4a5b-8c7d-9e0f1a2b3c4d";
    /** A record with a control character (an ESC in the user agent) and non-ASCII text, as AWS escapes them. */
    private static final String RECORD = "{\"eventVersion\":\"1.09\",\"userIdentity\":{\"type\":\"IAMUser\","
            + "\"arn\":\"arn:aws:iam::111122223333:user/ops-admin\",\"accountId\":\"111122223333\"},"
            + "\"eventTime\":\"2025-11-04T09:00:00Z\",\"eventSource\":\"iam.amazonaws.com\",\"eventName\":\"ListUsers\","
            + "\"awsRegion\":\"us-east-1\",\"sourceIPAddress\":\"203.0.113.45\",\"userAgent\":\"curl\\u001b[31m/8 “ü”\","
            + "\"eventID\":\"" + EVENT_ID + "\",\"eventType\":\"AwsApiCall\",\"recipientAccountId\":\"111122223333\"}";

    @TempDir
    Path folder;

    @Test
    void rawIntoAPipePrintsTheRecordByteForByteAndVerifyPasses() throws Exception {
        Path caseFile = ingest("copy");

        Captured raw = rawBytes(caseFile, EVENT_ID);
        CliRun verify = CliRun.of("verify", "--case", caseFile.toString());

        assertThat(raw.exitCode()).as(raw.err()).isZero();
        assertThat(raw.bytes()).isEqualTo(RECORD.getBytes(StandardCharsets.UTF_8));
        assertThat(raw.err()).doesNotContain("anomalies");
        assertThat(verify.exitCode()).as(verify.out()).isZero();
        assertThat(verify.out()).contains("Checked 1 evidence file(s)").containsPattern("[1-9][0-9]* table part\\(s\\)")
                .contains("Everything matches");
    }

    @Test
    void verifyListsAChangedEvidenceFileAndExitsOne() throws Exception {
        Path caseFile = ingest("copy");
        Path kept;
        try (Stream<Path> files = Files.walk(folder.resolve("case/evidence/sha256"))) {
            kept = files.filter(Files::isRegularFile).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(kept);
        bytes[10] ^= 0x20;
        Files.write(kept, bytes);

        CliRun verify = CliRun.of("verify", "--case", caseFile.toString());

        assertThat(verify.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(verify.out()).contains("1 problem(s):").contains(kept.getFileName().toString()).contains("changed");
    }

    @Test
    void rawOfAMovedReferencedFileSaysSoAndExitsOne() throws Exception {
        Path caseFile = ingest("reference");
        Files.move(folder.resolve("in/trail.json"), folder.resolve("moved.json"));

        Captured raw = rawBytes(caseFile, EVENT_ID);

        assertThat(raw.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(raw.bytes()).isEmpty();
        assertThat(raw.err()).contains("cloudsift raw: the referenced original").contains("trail.json is missing");
    }

    @Test
    void rawOfALookupEventsRecordSaysItWasDecodedFromItsEnvelope() throws Exception {
        Path input = folder.resolve("in/lookup.json");
        Files.createDirectories(input.getParent());
        String quoted = "\"" + RECORD.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        Files.writeString(input, "{\"Events\":[{\"EventId\":\"" + EVENT_ID + "\",\"CloudTrailEvent\":" + quoted + "}]}");
        Path caseFile = folder.resolve("case");
        assertThat(CliRun.of("ingest", "--quiet", "--case", caseFile.toString(), input.toString()).exitCode()).isZero();

        Captured raw = rawBytes(caseFile, EVENT_ID);

        assertThat(raw.bytes()).isEqualTo(RECORD.getBytes(StandardCharsets.UTF_8));
        assertThat(raw.err()).startsWith("decoded from LookupEvents CloudTrailEvent string (/CloudTrailEvent) of the record "
                + "at byte 11 of " + input);
    }

    @Test
    void rawNotesOnStderrThatTheRecordNamesEventNameTwice() throws Exception {
        // A reader taking the first eventName sees ListUsers; the case kept the last, DeleteTrail.
        String twice = RECORD.replace("\"eventName\":\"ListUsers\",",
                "\"eventName\":\"ListUsers\",\"eventName\":\"DeleteTrail\",");
        Path input = folder.resolve("in/trail.json");
        Files.createDirectories(input.getParent());
        Files.writeString(input, "{\"Records\":[" + twice + "]}\n");
        Path caseFile = folder.resolve("case.duckdb");
        CliRun ingest = CliRun.of("ingest", "--quiet", "--case", caseFile.toString(), input.toString());
        assertThat(ingest.exitCode()).as(ingest.err()).isZero();

        Captured raw = rawBytes(caseFile, EVENT_ID);

        assertThat(raw.exitCode()).as(raw.err()).isZero();
        assertThat(raw.bytes()).isEqualTo(twice.getBytes(StandardCharsets.UTF_8));
        assertThat(raw.err()).contains("anomalies: duplicate_key:eventName");
    }

    @Test
    void rawOfAnUnknownIdExitsOne() throws Exception {
        Path caseFile = ingest("copy");

        Captured raw = rawBytes(caseFile, "no-such-event");

        assertThat(raw.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(raw.err()).contains("no record with row id or event id no-such-event");
    }

    private Path ingest(String evidence) throws Exception {
        Path input = folder.resolve("in/trail.json");
        Files.createDirectories(input.getParent());
        Files.writeString(input, "{\"Records\":[" + RECORD + "]}\n");
        Path caseFile = folder.resolve("case");
        CliRun run = CliRun.of("ingest", "--quiet", "--evidence", evidence, "--case", caseFile.toString(), input.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        return caseFile;
    }

    private record Captured(int exitCode, byte[] bytes, String err) {}

    /** Runs raw with standard output captured as bytes (not a terminal, so the output is exact). */
    private static Captured rawBytes(Path caseFile, String id) {
        PrintStream original = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CliRun run;
        try {
            System.setOut(new PrintStream(bytes, true));
            run = CliRun.of("raw", "--case", caseFile.toString(), id);
        } finally {
            System.setOut(original);
        }
        return new Captured(run.exitCode(), bytes.toByteArray(), run.err());
    }
}
