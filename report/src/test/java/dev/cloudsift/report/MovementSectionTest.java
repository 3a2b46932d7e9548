package dev.cloudsift.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudsift.investigate.GeoIp;
import dev.cloudsift.investigate.TimeDisplay;
import dev.cloudsift.investigate.fixture.TestCase;
import dev.cloudsift.investigate.movement.MovementFixture;
import dev.cloudsift.store.CaseStore;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's "What left" section over the movement fixture plus an S3 read from a hostile source address. */
class MovementSectionTest {
    private static final String HOSTILE = "\"><script>alert(1)</script><rect onclick=\"x";

    @TempDir
    static Path folder;
    static String html;
    static String section;

    @BeforeAll
    static void writeReport() throws Exception {
        Path input = MovementFixture.write(folder.resolve("input"));
        String hostileRead = "{\"Records\":[{\"eventVersion\":\"1.11\",\"userIdentity\":{\"type\":\"IAMUser\",\"arn\":"
                + "\"arn:aws:iam::111122223333:user/<b>mallory</b>\",\"accountId\":\"111122223333\",\"accessKeyId\":\"AKIAHOSTILE000000001\"},"
                + "\"eventTime\":\"2025-11-04T09:40:00Z\",\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"GetObject\","
                + "\"awsRegion\":\"eu-west-1\",\"sourceIPAddress\":\"" + HOSTILE.replace("\"", "\\\"") + "\","
                + "\"requestParameters\":{\"bucketName\":\"b\",\"key\":\"k\"},\"additionalEventData\":{\"bytesTransferredOut\":5},"
                + "\"requestID\":\"HOSTILE000000001\",\"eventID\":\"22222222-0000-4000-8000-000000000001\",\"eventType\":\"AwsApiCall\","
                + "\"managementEvent\":false,\"recipientAccountId\":\"111122223333\",\"eventCategory\":\"Data\"}]}";
        Path trail = input.resolve("AWSLogs/111122223333/CloudTrail/eu-west-1/2025/11/04/111122223333_CloudTrail_eu-west-1_20251104T0940Z_hostile.json");
        Files.writeString(trail, hostileRead, StandardCharsets.UTF_8);
        Path caseFolder = folder.resolve("case");
        TestCase.ingestPaths(caseFolder, List.of(input));
        TestCase.execute(caseFolder, """
                CREATE OR REPLACE TABLE findings (rule_id VARCHAR, title VARCHAR, level VARCHAR, tags JSON, time TIMESTAMP, source VARCHAR,
                  event_ids JSON, account_id VARCHAR, region VARCHAR, principal VARCHAR, src_ip VARCHAR, summary VARCHAR)""",
                "INSERT INTO findings VALUES ('r1', 'Many S3 Objects Read by One Identity', 'medium', '[]', TIMESTAMP '2025-11-04 09:16:00',"
                        + " 'cloudtrail', '[]', '111122223333', 'eu-west-1', '" + MovementFixture.ROLE_SESSION + "', NULL,"
                        + " 'at least 3 objects read within 10 minutes')",
                "INSERT INTO findings VALUES ('r2', 'Accepted Outbound Connection to a Mining Port', 'medium', '[]',"
                        + " TIMESTAMP '2025-11-04 09:16:00', 'vpcflow', '[]', '111122223333', 'eu-west-1', NULL, '10.0.1.5', 'port 3333')");
        StringWriter out = new StringWriter();
        try (CaseStore store = CaseStore.openReadOnly(caseFolder)) {
            new HtmlReport(store.connection(), new ReportOptions(TimeDisplay.UTC, "test", List.of(), List.of(), GeoIp.NONE)).write(out);
        }
        html = out.toString();
        Matcher matcher = Pattern.compile("<section id=\"movement\">.*?</section>", Pattern.DOTALL).matcher(html);
        assertThat(matcher.find()).as("a movement section").isTrue();
        section = matcher.group();
    }

    @Test
    void theSectionStatesTheTotalsToTheByte() {
        assertThat(section).contains("<h2>What left</h2>")
                .contains("S3 reads: 5 requests, 4 objects, 7,305 bytes")
                .contains("Flow egress to public addresses: 2 connections, 15,333 bytes")
                .contains("Shares: 3 to account 444455556666, account 555566667777")
                .contains("eni-0feedfacecafe0001");
    }

    @Test
    void eachDestinationWithBytesGetsABarSplitByKind() {
        Matcher svg = Pattern.compile("<svg class=\"chart movement-bars\".*?</svg>", Pattern.DOTALL).matcher(section);
        assertThat(svg.find()).isTrue();
        String bars = svg.group();
        // destinations: the reader's address (S3), two public flow destinations, the hostile address (5 bytes)
        assertThat(Pattern.compile("<rect [^>]*height=\"16\"").matcher(bars).results().count()).isEqualTo(4);
        assertThat(bars).contains(">198.51.100.10<", ">203.0.113.45<", ">192.0.2.200<")
                .contains("bytes, log scale");
    }

    @Test
    void aVolumeFindingShowsTheTotalsMeasuredForItsEntityBesideItsThreshold() {
        Matcher table = Pattern.compile("<h3>Volume findings.*?</table>", Pattern.DOTALL).matcher(section);
        assertThat(table.find()).isTrue();
        assertThat(table.group()).contains("Many S3 Objects Read by One Identity", "at least 3 objects read within 10 minutes",
                        "<td>4</td><td>3</td><td>7,300 bytes (7.1 KiB)</td>")
                .doesNotContain("Mining Port");
    }

    @Test
    void logTextInLabelsIsEscapedAndTheSvgCarriesNoHandlersOrStyles() {
        assertThat(section).doesNotContain("<script>alert(1)", "<b>mallory", "onclick=\"x")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;b&gt;mallory&lt;/b&gt;");
        assertThat(section).doesNotContainPattern("<[^>]+ on[a-z]+=").doesNotContain("style=");
    }
}
