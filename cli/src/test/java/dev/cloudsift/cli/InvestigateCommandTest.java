package dev.cloudsift.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudsift.investigate.fixture.TestCase;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InvestigateCommandTest {
    @TempDir
    Path folder;

    @Test
    void ingestsRanksFindsGapsWritesTheReportAndReconcilesCounts() throws Exception {
        Path report = folder.resolve("report.html");
        InvestigationGoldenTest.Run run = InvestigationGoldenTest.run("investigate", "--case", folder.resolve("case").toString(),
                "--quiet", "-o", report.toString(), TestCase.scenarioFolder().toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("Records: read 1051 = stored 1051 + duplicates 0 + quarantined 0")
                .contains("Logging gaps: 4 tampering calls, 1 silences (1 linked to tampering), no digests to validate")
                .contains("203.0.113.45")
                .contains("StopLogging by arn:aws:sts::111122223333:assumed-role/Admin/pwn");
        String html = Files.readString(report);
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<svg").doesNotContain("<script src", "src=\"http", "href=\"http", "url(http");
    }
}
