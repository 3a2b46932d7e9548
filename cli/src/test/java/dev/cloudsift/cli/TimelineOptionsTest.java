package dev.cloudsift.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code timeline}'s time and source options on a real three-record case. */
class TimelineOptionsTest {
    @TempDir
    Path folder;

    private Path caseFile;

    private static String record(String id, String time) {
        return "{\"eventVersion\":\"1.09\",\"eventTime\":\"" + time + "\",\"eventSource\":\"iam.amazonaws.com\","
                + "\"eventName\":\"ListUsers\",\"awsRegion\":\"us-east-1\",\"sourceIPAddress\":\"203.0.113.5\","
                + "\"eventID\":\"" + id + "\",\"userIdentity\":{\"type\":\"IAMUser\",\"arn\":\"arn:aws:iam::123456789012:user/alice\"}}";
    }

    @BeforeEach
    void ingest() throws Exception {
        caseFile = folder.resolve("case.duckdb");
        Path logs = Files.createDirectories(folder.resolve("logs"));
        Files.writeString(logs.resolve("trail.json"), "{\"Records\":[" + record("morning", "2026-11-03T10:00:00Z") + ","
                + record("late", "2026-11-03T22:30:00Z") + "," + record("next-day", "2026-11-04T00:15:00Z") + "]}");
        CliRun run = CliRun.of("ingest", "--quiet", "--case", caseFile.toString(), logs.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
    }

    private CliRun timeline(String... options) {
        String[] args = new String[options.length + 5];
        args[0] = "timeline";
        args[1] = "--case";
        args[2] = caseFile.toString();
        args[3] = "--format";
        args[4] = "csv";
        System.arraycopy(options, 0, args, 5, options.length);
        return CliRun.of(args);
    }

    @Test
    void anUnknownSourceIsAUsageErrorListingTheCasesSources() {
        CliRun run = timeline("--source", "nosuch");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--source nosuch: no such source in this case; its sources are cloudtrail");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void datesAloneMeanTheWholeDayInUtc() {
        CliRun run = timeline("--from", "2026-11-03", "--to", "2026-11-03");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("morning", "late").doesNotContain("next-day");
    }

    @Test
    void sinceShowsTheLastSpanOfTheCaseUpToItsLatestRecord() {
        CliRun run = timeline("--since", "2h");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("late", "next-day").doesNotContain("morning");
    }

    @Test
    void sinceWithFromOrABadSpanIsAUsageError() {
        assertThat(timeline("--since", "2h", "--from", "2026-11-03").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(timeline("--since", "2 weeks").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(timeline("--from", "2026-11-04", "--to", "2026-11-03").exitCode()).isEqualTo(ExitCodes.USAGE);
    }
}
