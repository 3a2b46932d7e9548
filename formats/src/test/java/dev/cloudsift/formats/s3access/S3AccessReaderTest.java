package dev.cloudsift.formats.s3access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudsift.core.Event;
import dev.cloudsift.core.EventReader;
import dev.cloudsift.core.LogRecord;
import dev.cloudsift.core.Outcome;
import dev.cloudsift.core.ParseProblem;
import dev.cloudsift.core.Position;
import dev.cloudsift.core.ReadItem;
import dev.cloudsift.core.SourceContext;
import dev.cloudsift.core.TableSchema;
import dev.cloudsift.core.Utf8Slice;
import dev.cloudsift.formats.testing.FormatHarness;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class S3AccessReaderTest {
    private static final String OWNER = "51d1291e092ceadb483d605bfb0fa95bc09cd02f3db715fdc34c6d47e1927ce7";
    private static final String HEAD = OWNER + " example-finance-bucket [04/Nov/2025:09:15:30 +0000] ";
    private static final String TAIL = " - V8G3GxiDnO6m9Ddif+lqj6G2ShNjmCDvcHFrQycg7q/TNyXCQ6+zcYbr8FKiYOXEwBG4nEqaaptF SigV4 "
            + "TLS_AES_128_GCM_SHA256 AuthHeader example-finance-bucket.s3.eu-west-1.amazonaws.com TLSv1.3 - - -";

    @TempDir
    Path temp;

    private static String line(String ipToKey, String uri, String afterUri, String referer, String userAgent) {
        return HEAD + ipToKey + " " + uri + " " + afterUri + " " + referer + " " + userAgent + TAIL;
    }

    private static String simple() {
        return line("203.0.113.45 arn:aws:iam::111122223333:user/alice 89BC964B0E784EF0 REST.GET.OBJECT a/b.txt",
                "\"GET /a/b.txt HTTP/1.1\"", "200 - 10 10 4 3", "\"-\"", "\"curl/8.5.0\"");
    }

    private static FormatHarness.Result read(String... lines) throws IOException {
        return FormatHarness.read((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8), "log");
    }

    private static Object column(FormatHarness.Result result, String column) {
        assertThat(result.problems()).isEmpty();
        return result.column("s3access", column).get(0);
    }

    @Test
    void keepsQuotesInsideRequestUriRefererAndUserAgent() throws IOException {
        FormatHarness.Result result = read(line("203.0.113.99 - 3A1F5C0E9B7D2A41 REST.GET.OBJECT index.html",
                "\"GET /index.html?q=\"><script>alert(1)</script> HTTP/1.1\"", "403 AccessDenied 243 - 9 -",
                "\"https://evil.example/\"quoted\" page\"", "\"Mozilla/5.0 \\\"sqlmap\\\" \"probe\" v1\""));
        assertThat(column(result, "request_uri")).isEqualTo("GET /index.html?q=\"><script>alert(1)</script> HTTP/1.1");
        assertThat(column(result, "http_status")).isEqualTo(403);
        assertThat(column(result, "referer")).isEqualTo("https://evil.example/\"quoted\" page");
        assertThat(column(result, "user_agent")).isEqualTo("Mozilla/5.0 \"sqlmap\" \"probe\" v1");
        assertThat(column(result, "host_id")).isEqualTo("V8G3GxiDnO6m9Ddif+lqj6G2ShNjmCDvcHFrQycg7q/TNyXCQ6+zcYbr8FKiYOXEwBG4nEqaaptF");
        assertThat(column(result, "field_count")).isEqualTo(27);
    }

    @Test
    void readsDashAndQuotedDashAsNull() throws IOException {
        FormatHarness.Result result = read(line("203.0.113.45 - 89BC964B0E784EF0 REST.GET.OBJECT -", "-",
                "- - - - - -", "\"-\"", "\"-\""));
        for (String name : List.of("requester", "key", "key_decoded", "request_uri", "http_method", "http_status",
                "error_code", "bytes_sent", "object_size", "total_time_ms", "turn_around_time_ms", "referer",
                "user_agent", "version_id", "access_point_arn", "source_region")) {
            assertThat(column(result, name)).as(name).isNull();
        }
        assertThat(column(result, "acl_required")).isEqualTo(false);
        Event event = result.events().get(0);
        assertThat(event.principal()).isNull();
        assertThat(event.message()).contains("by an anonymous requester ('-')");
        assertThat(event.outcome()).isEqualTo(Outcome.UNKNOWN);
        assertThat(event.bytes()).isNull();
    }

    @Test
    void readsRemoteIpDashAsNoAddress() throws IOException {
        FormatHarness.Result result = read(line("- svc:logging.s3.amazonaws.com 9D0E1F2A3B4C5D6E REST.PUT.OBJECT k",
                "\"PUT /k HTTP/1.1\"", "200 - - 812 30 10", "\"-\"", "\"-\""));
        assertThat(column(result, "remote_ip")).isNull();
        assertThat(result.events().get(0).srcIp()).isNull();
        assertThat(result.events().get(0).principal()).isEqualTo("svc:logging.s3.amazonaws.com");
    }

    @Test
    void readsCloudFrontOriginAccessIdentityRequesterWithSpaces() throws IOException {
        FormatHarness.Result result = read(line(
                "2001:db8::1f arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity E1234 7C2E9A1B3D4F5061 REST.GET.OBJECT img/logo.png",
                "\"GET /img/logo.png HTTP/1.1\"", "200 - 5120 5120 14 13", "\"-\"", "\"Amazon CloudFront\""));
        assertThat(column(result, "requester")).isEqualTo("arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity E1234");
        assertThat(column(result, "request_id")).isEqualTo("7C2E9A1B3D4F5061");
        assertThat(column(result, "operation")).isEqualTo("REST.GET.OBJECT");
        assertThat(column(result, "key")).isEqualTo("img/logo.png");
        assertThat(result.events().get(0).principal()).isEqualTo("arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity E1234");
    }

    @Test
    void readsIpv6RemoteIp() throws IOException {
        FormatHarness.Result result = read(simple().replace("203.0.113.45", "2001:db8:85a3::8a2e:370:7334"));
        assertThat(column(result, "remote_ip")).isEqualTo("2001:db8:85a3::8a2e:370:7334");
        assertThat(result.events().get(0).srcIp()).isEqualTo("2001:db8:85a3::8a2e:370:7334");
    }

    @Test
    void keepsNewTrailingFieldsAsExtra() throws IOException {
        FormatHarness.Result result = read(simple().replace("TLSv1.3 - - -", "TLSv1.3 - - us-east-1 next-field -"));
        assertThat(column(result, "source_region")).isEqualTo("us-east-1");
        assertThat(column(result, "extra")).isEqualTo("[\"next-field\",null]");
        assertThat(column(result, "field_count")).isEqualTo(29);
    }

    @Test
    void acceptsOldLinesThatStopAfterUserAgent() throws IOException {
        String old = HEAD + "192.0.2.10 - 1122334455667788 WEBSITE.GET.OBJECT index.html \"GET /index.html HTTP/1.1\" 304 - - 1024 3 - \"-\" \"curl/8.5.0\"";
        FormatHarness.Result result = read(old);
        assertThat(column(result, "field_count")).isEqualTo(17);
        assertThat(column(result, "host_id")).isNull();
        assertThat(column(result, "acl_required")).isNull();
        // No Host Id: the dedupe key falls back to a hash of the line.
        assertThat(result.records().get(0).dedupeKey()).startsWith("s3access:").hasSize("s3access:".length() + 32);
    }

    @Test
    void mapsTheEventsRow() throws IOException {
        FormatHarness.Result result = read(line(
                "203.0.113.45 arn:aws:sts::111122223333:assumed-role/app-reader/i-0123456789abcdef0 89BC964B0E784EF0 REST.GET.OBJECT exports/q3%20payroll.csv",
                "\"GET /exports/q3%20payroll.csv HTTP/1.1\"", "200 - 48213 48213 41 12", "\"-\"", "\"aws-cli/2.17.0\""));
        LogRecord record = result.records().get(0);
        assertThat(record.dedupeKey()).isEqualTo(
                "s3access:89BC964B0E784EF0:V8G3GxiDnO6m9Ddif+lqj6G2ShNjmCDvcHFrQycg7q/TNyXCQ6+zcYbr8FKiYOXEwBG4nEqaaptF");
        Event event = record.event();
        assertThat(event.eventTime()).hasToString("2025-11-04T09:15:30Z");
        assertThat(event.action()).isEqualTo("REST.GET.OBJECT");
        assertThat(event.outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(event.principal()).isEqualTo("arn:aws:sts::111122223333:assumed-role/app-reader/i-0123456789abcdef0");
        assertThat(event.srcIp()).isEqualTo("203.0.113.45");
        assertThat(event.resource()).isEqualTo("arn:aws:s3:::example-finance-bucket/exports/q3 payroll.csv");
        assertThat(event.bytes()).isEqualTo(48213L);
        assertThat(event.eventId()).isEqualTo("89BC964B0E784EF0");
        assertThat(event.userAgent()).isEqualTo("aws-cli/2.17.0");
        assertThat(event.region()).isEqualTo("eu-west-1");
        assertThat(event.message()).isEqualTo("REST.GET.OBJECT example-finance-bucket/exports/q3%20payroll.csv -> 200 by "
                + "arn:aws:sts::111122223333:assumed-role/app-reader/i-0123456789abcdef0 from 203.0.113.45");
        assertThat(column(result, "key_decoded")).isEqualTo("exports/q3 payroll.csv");
        assertThat(column(result, "http_method")).isEqualTo("GET");
    }

    @Test
    void marksClientAndServerErrorsAsFailures() throws IOException {
        FormatHarness.Result result = read(simple().replace(" 200 - 10 ", " 404 NoSuchKey 10 "),
                simple().replace(" 200 - 10 ", " 503 SlowDown 10 "), simple().replace(" 200 - 10 ", " 307 - 10 "));
        assertThat(result.events()).extracting(Event::outcome)
                .containsExactly(Outcome.FAILURE, Outcome.FAILURE, Outcome.SUCCESS);
        assertThat(result.events()).extracting(Event::errorCode).containsExactly("NoSuchKey", "SlowDown", null);
    }

    @Test
    void takesAccountAndRegionFromADatePartitionedKeyWhenTheLineHasNone() throws IOException {
        Path folder = Files.createDirectories(temp.resolve("logs/111122223333/eu-west-1/example-finance-bucket/2025/11/04"));
        Path file = folder.resolve("2025-11-04-00-00-00-0123456789ABCDEF");
        String line = simple().replace("example-finance-bucket.s3.eu-west-1.amazonaws.com", "s3.amazonaws.com");
        Files.writeString(file, line + "\n");
        FormatHarness.Result result = FormatHarness.read(file);
        assertThat(result.events().get(0).accountId()).isEqualTo("111122223333");
        assertThat(result.events().get(0).region()).isEqualTo("eu-west-1");

        Path simplePrefix = Files.writeString(temp.resolve("logs2025-11-04-09-15-30-0123456789ABCDEF"), line + "\n");
        assertThat(FormatHarness.read(simplePrefix).events().get(0).accountId()).isNull();
    }

    @Test
    void quarantinesMalformedLinesWithExactReasons() throws IOException {
        byte[] binary = {0, 1, 2, (byte) 0xFF, (byte) 0x89, 'P', 'N', 'G'};
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        content.write((simple() + "\n").getBytes(StandardCharsets.UTF_8));
        String[] bad = {
            HEAD + "203.0.113.45 - 1111111111111111 REST.GET.OBJECT key \"GET /key HTTP/1.1\" 200",
            simple().replace(" 200 - 10 ", " OK - 10 "),
            simple().replace(" 200 - 10 10 ", " 200 - ten 10 "),
            simple().replace("04/Nov/2025", "31/Foo/2025"),
            simple().replace("\"GET /a/b.txt HTTP/1.1\"", "\"GET /a/b.txt HTTP/1.1"),
            simple().replace("[04/Nov/2025:09:15:30 +0000]", "04/Nov/2025:09:15:30"),
            HEAD + "203.0.113.45 - 1111111111111111 key",
        };
        for (String line : bad) {
            content.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        }
        content.write(binary);
        content.write('\n');
        content.write((simple() + "\n").getBytes(StandardCharsets.UTF_8));
        FormatHarness.Result result = FormatHarness.read(content.toByteArray(), "log");
        assertThat(result.records()).hasSize(2);
        assertThat(result.problems()).extracting(ParseProblem::reason).containsExactly(
                "line ends after field 10 (HTTP status); expected at least 17 fields, through User-Agent",
                "field 10 (HTTP status) must be a number or '-', found 'OK'",
                "field 12 (Bytes Sent) must be a number or '-', found 'ten'",
                "field 3 (Time) must look like 06/Feb/2019:00:00:38 +0000, found '31/Foo/2025:09:15:30 +0000'",
                "field 9 (Request-URI) opens a quote that is never closed",
                "field 3 (Time) must be bracketed like [06/Feb/2019:00:00:38 +0000], found '04/Nov/2025:09:15:30 203.0.113'",
                "line ends after field 6 (Request ID); expected at least 17 fields, through User-Agent",
                "binary data in a text log: control character 0x00 at column 1");
        assertThat(result.problems()).extracting(p -> p.position().line()).containsExactly(2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        assertThat(new String(result.problems().get(1).raw(), StandardCharsets.UTF_8)).isEqualTo(bad[1]);
        assertThat(result.problems().get(7).raw()).containsExactly(binary);
    }

    @Test
    void quarantinesAOneMegabyteLineAndGoesOn() throws IOException {
        String huge = simple().replace("GET /a/b.txt", "GET /" + "A".repeat(1024 * 1024));
        FormatHarness.Result result = read(simple(), huge, simple());
        assertThat(result.records()).hasSize(2);
        assertThat(result.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.reason()).isEqualTo("line of " + huge.length() + " bytes is longer than the 65536-byte cap "
                    + "for S3 access log lines; its first 65536 bytes are kept");
            assertThat(problem.raw()).hasSize(65536);
            assertThat(problem.position()).isEqualTo(new Position(simple().length() + 1, 2).withLength(huge.length()));
        });
        assertThat(result.records().get(1).position().line()).isEqualTo(3);
    }

    @Test
    void truncatedStreamYieldsWhatWasReadThenThrowsFromNext() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            text.append(simple().replace("89BC964B0E784EF0", String.format("%016X", i * 7919L))).append('\n');
        }
        ByteArrayOutputStream gzip = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gzip)) {
            out.write(text.toString().getBytes(StandardCharsets.UTF_8));
        }
        byte[] cut = Arrays.copyOf(gzip.toByteArray(), gzip.size() / 2);
        List<ReadItem> items = new ArrayList<>();
        try (EventReader reader = new S3AccessFormat().open(new GZIPInputStream(new ByteArrayInputStream(cut)),
                SourceContext.of("cut"))) {
            assertThatThrownBy(() -> {
                ReadItem item;
                while ((item = reader.next()) != null) {
                    items.add(item);
                }
            }).isInstanceOf(IOException.class);
        }
        assertThat(items.size()).isBetween(1, 2999);
        assertThat(items).allMatch(LogRecord.class::isInstance);
    }

    @Test
    void ignoresBlankLinesAndCarriageReturns() throws IOException {
        FormatHarness.Result result = FormatHarness.read(("\r\n" + simple() + "\r\n\n").getBytes(StandardCharsets.UTF_8), "log");
        assertThat(result.problems()).isEmpty();
        assertThat(result.records()).singleElement().satisfies(r -> assertThat(r.position())
                .as("the record is the line without its carriage return").isEqualTo(new Position(2, 2).withLength(simple().length())));
        assertThat(column(result, "source_region")).isNull();
        assertThat(column(result, "acl_required")).isEqualTo(false);
    }

    @Test
    void cutsTheCellsOfAnAsciiLineFromItsBytesAndReadsOtherLinesFromTheirText() throws IOException {
        String ascii = simple();
        String accented = line("203.0.113.45 arn:aws:iam::111122223333:user/alice 89BC964B0E784EF1 REST.GET.OBJECT a/b.txt",
                "\"GET /a/b.txt HTTP/1.1\"", "200 - 10 10 4 3", "\"-\"", "\"Mozilla/5.0 (caf\u00e9 \ud83d\ude00)\"");
        FormatHarness.Result result = read(ascii, accented);

        assertThat(result.problems()).isEmpty();
        TableSchema schema = S3AccessTables.S3ACCESS;
        Object[] fromBytes = result.records().get(0).rows().get(0).values();
        Object[] fromText = result.records().get(1).rows().get(0).values();
        assertThat(fromBytes[schema.indexOf("bucket_owner")]).isInstanceOf(Utf8Slice.class);
        assertThat(fromBytes[schema.indexOf("http_method")]).isInstanceOf(Utf8Slice.class);
        assertThat(fromText[schema.indexOf("bucket_owner")]).isInstanceOf(String.class);
        assertThat(Utf8Slice.text(fromBytes[schema.indexOf("user_agent")])).isEqualTo("curl/8.5.0");
        assertThat(Utf8Slice.text(fromText[schema.indexOf("user_agent")])).isEqualTo("Mozilla/5.0 (caf\u00e9 \ud83d\ude00)");
        for (int i = 0; i < fromBytes.length; i++) {
            if (schema.columns().get(i).name().equals("request_id") || schema.columns().get(i).name().equals("user_agent")) {
                continue;
            }
            assertThat(Utf8Slice.text(fromBytes[i] == null ? null : fromBytes[i]))
                    .as(schema.columns().get(i).name()).isEqualTo(fromText[i] == null ? null : fromText[i].toString());
        }
    }

    @Test
    void cutsALongKeyInTheMessageByCodePointsAsTheViewsDo() throws IOException {
        // the 200th code point is a pair of UTF-16 units: a cut after 200 units would split it
        String key = "a".repeat(199) + "\ud83d\ude00" + "tail";
        FormatHarness.Result result = read(line("203.0.113.45 - 89BC964B0E784EF0 REST.GET.OBJECT " + key,
                "\"GET /x HTTP/1.1\"", "200 - 10 10 4 3", "\"-\"", "\"curl/8.5.0\""));

        assertThat(result.events()).singleElement().satisfies(event -> assertThat(event.message())
                .startsWith("REST.GET.OBJECT example-finance-bucket/" + "a".repeat(199) + "\ud83d\ude00... -> 200"));
    }
}
