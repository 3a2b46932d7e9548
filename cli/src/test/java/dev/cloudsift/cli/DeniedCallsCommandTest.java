package dev.cloudsift.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Denied calls carry no request parameters: every reader of them must cope. */
class DeniedCallsCommandTest {
    /** A denied UpdateTrail as CloudTrail records it (requestParameters null), and the sparsest record possible. */
    static final String TRAIL = """
            {"Records":[
            {"eventVersion":"1.09","eventTime":"2026-11-03T10:00:00Z","eventSource":"cloudtrail.amazonaws.com",
             "eventName":"UpdateTrail","awsRegion":"eu-west-1","sourceIPAddress":"203.0.113.5","userAgent":"aws-cli",
             "errorCode":"AccessDenied","errorMessage":"User is not authorized","requestParameters":null,
             "responseElements":null,"eventID":"denied-1","recipientAccountId":"111122223333",
             "userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/mallory","accountId":"111122223333"}},
            {"eventVersion":"1.09","eventTime":"2026-11-03T10:01:00Z","eventSource":"cloudtrail.amazonaws.com",
             "eventName":"PutEventSelectors","eventID":"denied-2","errorCode":"AccessDenied","requestParameters":null},
            {"eventVersion":"1.09","eventTime":"2026-11-03T10:02:00Z","eventSource":"ec2.amazonaws.com",
             "eventName":"DeleteFlowLogs","eventID":"denied-3","errorCode":"Client.UnauthorizedOperation",
             "requestParameters":null,"userIdentity":null}]}
            """;

    @TempDir
    Path folder;

    private Path logs() throws Exception {
        Path logs = Files.createDirectories(folder.resolve("logs"));
        Files.writeString(logs.resolve("denied.json"), TRAIL);
        return logs;
    }

    @Test
    void gapsInvestigateAndReportReadADeniedUpdateTrailWithoutParameters() throws Exception {
        Path caseFile = folder.resolve("case.duckdb");
        Path report = folder.resolve("investigate.html");

        CliRun investigate = CliRun.of("investigate", "--quiet", "--case", caseFile.toString(), "-o", report.toString(),
                logs().toString());
        CliRun gaps = CliRun.of("gaps", "--case", caseFile.toString());
        CliRun reportRun = CliRun.of("report", "--case", caseFile.toString(), "-o", folder.resolve("report.html").toString());

        assertThat(investigate.exitCode()).as(investigate.err()).isZero();
        assertThat(investigate.out()).contains("UpdateTrail by arn:aws:iam::111122223333:user/mallory");
        assertThat(gaps.exitCode()).as(gaps.err()).isZero();
        assertThat(gaps.out()).contains("changed trail (name not recorded)").contains("no parameters recorded")
                .contains("DeleteFlowLogs").contains("PutEventSelectors");
        assertThat(reportRun.exitCode()).as(reportRun.err()).isZero();
        assertThat(Files.readString(folder.resolve("report.html"))).contains("no parameters recorded").endsWith("</html>\n");
        assertThat(Files.size(report)).isPositive();
    }

    @Test
    void investigatesSummaryNamesTheFilesItCouldNotFullyRead() throws Exception {
        Path logs = logs();
        Files.writeString(logs.resolve("notes.txt"), "nothing any format reads\n");
        Files.writeString(logs.resolve("broken.json"), "{\"Records\":[{\"eventVersion\":\"1.09\",\"eventTime\":7,"
                + "\"eventSource\":\"iam.amazonaws.com\",\"eventName\":\"ListUsers\",\"eventID\":\"x\"}]}");

        CliRun run = CliRun.of("investigate", "--quiet", "--case", folder.resolve("case.duckdb").toString(), "-o",
                folder.resolve("r.html").toString(), logs.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.INCOMPLETE_INPUT);
        assertThat(run.out()).contains("Files not fully read (2):")
                .containsPattern("notes\\.txt: unrecognised")
                .containsPattern("broken\\.json: 1 quarantined");
    }
}
