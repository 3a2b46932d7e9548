package dev.cloudsift.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bundled example incident (real CloudTrail S3 files and a LookupEvents dump) through the real readers. */
class ExampleIncidentTest {
    @TempDir
    static Path folder;
    static String caseFile;

    @BeforeAll
    static void ingest() {
        Path example = Path.of(System.getProperty("cloudsift.root", "../"), "examples", "acme-incident");
        caseFile = folder.resolve("acme-case").toString();
        InvestigationGoldenTest.Run run = InvestigationGoldenTest.run("ingest", "--case", caseFile, "--quiet", example.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
    }

    @Test
    void followsTheLeakedKeyThroughTheBackdoorKeyItCreatedIntoTheAssumedRole() {
        InvestigationGoldenTest.Run run = InvestigationGoldenTest.run("chain", "--case", caseFile, "AKIAQ3EGCIDEPLOYER01");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("AKIAQ3EGCIDEPLOYER01  arn:aws:iam::111122223333:user/ci-deployer")
                .contains("CreateAccessKey").contains("(for user support-svc)")
                .contains("AKIAQ3EGSUPPORTSVC01")
                .contains("ASIAQ3EGBACKUPSESS01");
        assertThat(run.out().indexOf("AKIAQ3EGSUPPORTSVC01")).isLessThan(run.out().indexOf("ASIAQ3EGBACKUPSESS01"));
    }

    @Test
    void findsTheCoverUpCalls() {
        InvestigationGoldenTest.Run run = InvestigationGoldenTest.run("gaps", "--case", caseFile, "--format", "jsonl");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("\"action\":\"DeleteFlowLogs\"").contains("\"action\":\"StopConfigurationRecorder\"")
                .contains("\"action\":\"StopLogging\"").contains("\"principal\":\"arn:aws:iam::111122223333:user/support-svc\"");
    }

    @Test
    void ranksTheAttackerAddressAndTheLeakedKeyAmongTheTopSuspects() {
        InvestigationGoldenTest.Run run = InvestigationGoldenTest.run("suspects", "--case", caseFile, "--top", "6");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("203.0.113.77");
    }
}
