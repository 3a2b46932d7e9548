package dev.cloudsift.formats.waf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cloudsift.core.EventReader;
import dev.cloudsift.core.Json;
import dev.cloudsift.core.LogRecord;
import dev.cloudsift.core.Outcome;
import dev.cloudsift.core.ParseProblem;
import dev.cloudsift.core.Position;
import dev.cloudsift.core.ReadItem;
import dev.cloudsift.core.SourceContext;
import dev.cloudsift.formats.testing.FormatHarness;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WafReaderTest {
    private static final String ACL = "arn:aws:wafv2:eu-west-1:111122223333:regional/webacl/shop-acl/9eff864e-3ea9-4c78-98ff-39be2cb69f73";

    @TempDir
    Path temp;

    private static String record(long timestamp, String requestId, String extra) {
        return "{\"timestamp\":" + timestamp + ",\"formatVersion\":1,\"webaclId\":\"" + ACL + "\","
                + "\"terminatingRuleId\":\"Default_Action\",\"terminatingRuleType\":\"REGULAR\",\"action\":\"ALLOW\","
                + "\"httpRequest\":{\"clientIp\":\"203.0.113.45\",\"country\":\"NL\",\"headers\":[{\"name\":\"Host\",\"value\":\"shop.example.com\"}],"
                + "\"uri\":\"/\",\"args\":\"\",\"httpVersion\":\"HTTP/1.1\",\"httpMethod\":\"GET\",\"requestId\":\"" + requestId + "\"}"
                + extra + "}";
    }

    private Path gzip(String name, byte[]... members) throws IOException {
        Path file = temp.resolve(name);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] member : members) {
            ByteArrayOutputStream one = new ByteArrayOutputStream();
            try (GZIPOutputStream out = new GZIPOutputStream(one)) {
                out.write(member);
            }
            all.write(one.toByteArray());
        }
        Files.write(file, all.toByteArray());
        return file;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsRecordsWrittenBackToBackWithoutNewlines() throws IOException {
        String glued = record(1, "a", "") + record(2, "b", "") + record(3, "c", "");
        FormatHarness.Result result = FormatHarness.read(utf8(glued), "firehose-object");
        assertThat(result.problems()).isEmpty();
        assertThat(result.column("waf", "request_id")).containsExactly("a", "b", "c");
        int second = record(1, "a", "").length();
        int length = record(2, "b", "").getBytes(StandardCharsets.UTF_8).length;
        assertThat(result.records().get(1).position()).isEqualTo(new Position(second, 1).withLength(length));
    }

    @Test
    void readsEveryMemberOfAMultiMemberGzip() throws IOException {
        Path file = gzip("two-members.log.gz", utf8(record(1, "a", "") + "\n"), utf8(record(2, "b", "") + "\n"));
        FormatHarness.Result result = FormatHarness.read(file);
        assertThat(result.column("waf", "request_id")).containsExactly("a", "b");
        assertThat(result.records().get(1).position().line()).isEqualTo(2);
    }

    @Test
    void keepsEveryValueOfRepeatedHeaderNames() throws IOException {
        String line = "{\"timestamp\":5,\"webaclId\":\"" + ACL + "\",\"action\":\"BLOCK\",\"httpRequest\":{\"clientIp\":\"203.0.113.45\","
                + "\"headers\":[{\"name\":\"cookie\",\"value\":\"a=1\"},{\"name\":\"Host\",\"value\":\"first.example\"},"
                + "{\"name\":\"Cookie\",\"value\":\"b=2\"},{\"name\":\"host\",\"value\":\"second.example\"}],\"uri\":\"/x\",\"requestId\":\"r\"}}";
        FormatHarness.Result result = FormatHarness.read(utf8(line), "headers.log");
        JsonNode stored = Json.MAPPER.readTree((String) result.column("waf", "headers").get(0));
        assertThat(stored).hasSize(4);
        assertThat(stored.findValuesAsText("value")).containsExactly("a=1", "first.example", "b=2", "second.example");
        assertThat(result.column("waf", "host")).containsExactly("first.example");
        assertThat(result.events().get(0).resource()).isEqualTo("first.example/x");
    }

    @Test
    void cutsAOneMegabyteUriToTheCapAndSaysSo() throws IOException {
        String uri = "/" + "A".repeat(1024 * 1024);
        String line = record(7, "big", "").replace("\"uri\":\"/\"", "\"uri\":\"" + uri + "\"");
        FormatHarness.Result result = FormatHarness.read(utf8(line + "\n" + record(8, "next", "") + "\n"), "big.log");
        assertThat(result.problems()).isEmpty();
        assertThat((String) result.column("waf", "uri").get(0)).hasSize(WafRecords.MAX_FIELD_CHARS).startsWith("/AAA");
        assertThat(result.column("waf", "truncated_fields")).containsExactly("uri", null);
        assertThat(result.events().get(0).message()).endsWith("; cut to 8192 characters: uri").hasSizeLessThan(400);
        assertThat(result.column("waf", "request_id")).containsExactly("big", "next");
    }

    @Test
    void tellsAbsentLabelsFromAnEmptyList() throws IOException {
        String text = record(1, "absent", "") + "\n" + record(2, "empty", ",\"labels\":[]") + "\n"
                + record(3, "two", ",\"labels\":[{\"name\":\"awswaf:clientip:geo:country:NL\"},{\"name\":\"custom:x\"}]") + "\n";
        FormatHarness.Result result = FormatHarness.read(utf8(text), "labels.log");
        assertThat(result.column("waf", "labels")).containsExactly(null, "[]",
                "[{\"name\":\"awswaf:clientip:geo:country:NL\"},{\"name\":\"custom:x\"}]");
        assertThat(result.column("waf", "label_names")).containsExactly(null, "", "awswaf:clientip:geo:country:NL,custom:x");
    }

    @Test
    void quarantinesABrokenRecordAndResumesAtTheNextLine() throws IOException {
        String broken = "{\"timestamp\":2,\"webaclId\":\"" + ACL + "\",\"httpRequest\":{\"uri\":\"/cut";
        String text = record(1, "a", "") + "\n" + broken + "\n" + record(3, "c", "") + "\n";
        FormatHarness.Result result = FormatHarness.read(utf8(text), "broken.log");
        assertThat(result.column("waf", "request_id")).containsExactly("a", "c");
        assertThat(result.problems()).hasSize(1);
        ParseProblem problem = result.problems().get(0);
        assertThat(problem.reason()).isEqualTo("broken JSON in WAF record: Illegal unquoted character ((CTRL-CHAR, code 10)): "
                + "has to be escaped using backslash to be included in string value; reading resumes at the next line");
        assertThat(problem.position()).isEqualTo(new Position(record(1, "a", "").length() + 1, 2));
        assertThat(new String(problem.raw(), StandardCharsets.UTF_8)).isEqualTo(broken);
        assertThat(result.records().get(1).position().line()).isEqualTo(3);
    }

    @Test
    void resumesAtTheNextGluedRecordWhenThereIsNoLineBreak() throws IOException {
        String broken = "{\"timestamp\":2,\"webaclId\":\"" + ACL + "\",\"action\":BLOCK}";
        String text = record(1, "a", "") + broken + record(3, "c", "");
        FormatHarness.Result result = FormatHarness.read(utf8(text), "glued.log");
        assertThat(result.column("waf", "request_id")).containsExactly("a", "c");
        assertThat(result.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.reason()).startsWith("broken JSON in WAF record: Unrecognized token 'BLOCK'");
            assertThat(new String(problem.raw(), StandardCharsets.UTF_8)).isEqualTo(broken);
        });
        assertThat(result.records().get(1).position().offset())
                .isEqualTo(record(1, "a", "").length() + broken.length());
    }

    @Test
    void leavesTheCallersStreamOpenUntilClosedEvenAfterResynchronising() throws IOException {
        String text = record(1, "a", "") + "\n{broken\n" + record(2, "b", "") + "\n{\"x\":tru\n" + record(3, "c", "") + "\n";
        boolean[] closed = {false};
        ByteArrayInputStream content = new ByteArrayInputStream(utf8(text)) {
            @Override
            public void close() {
                closed[0] = true;
            }

            @Override
            public synchronized int read(byte[] buffer, int offset, int length) {
                if (closed[0]) {
                    throw new IllegalStateException("read after close");
                }
                return super.read(buffer, offset, length);
            }
        };
        List<ReadItem> items = new ArrayList<>();
        try (EventReader reader = new WafFormat().open(content, SourceContext.of("x"))) {
            ReadItem item;
            while ((item = reader.next()) != null) {
                items.add(item);
            }
            assertThat(reader.next()).isNull();
            assertThat(closed[0]).isFalse();
            assertThat(content.read(new byte[1], 0, 1)).isEqualTo(-1);
        }
        assertThat(closed[0]).isTrue();
        assertThat(items).extracting(item -> item.getClass().getSimpleName())
                .containsExactly("LogRecord", "ParseProblem", "LogRecord", "ParseProblem", "LogRecord");
    }

    @Test
    void quarantinesRecordsThatAreNotWafRecordsWithTheReason() throws IOException {
        String text = record(0, "first", "") + "\n{\"timestamp\":\"yesterday\",\"webaclId\":\"x\"}\n[1,2]\n{\"webaclId\":\"x\"}\n{\"timestamp\":1}\n"
                + record(5, "ok", "") + "\n";
        FormatHarness.Result result = FormatHarness.read(utf8(text), "odd.log");
        assertThat(result.problems()).extracting(ParseProblem::reason).containsExactly(
                "WAF \"timestamp\" must be an integral number of epoch milliseconds, found \"yesterday\"",
                "expected a JSON object (a WAF log record), found array",
                "WAF record without \"timestamp\" (epoch milliseconds expected)",
                "not a WAF record: neither \"webaclId\" nor \"httpRequest\" is present");
        assertThat(result.problems()).extracting(p -> p.position().line()).containsExactly(2L, 3L, 4L, 5L);
        assertThat(result.column("waf", "request_id")).containsExactly("first", "ok");
    }

    @Test
    void aRecordNamingItsActionTwiceIsReadWithTheLastAndFlagged() throws IOException {
        String blockedThenAllowed = record(1762247730000L, "twice", "").replace("\"action\":\"ALLOW\"", "\"action\":\"BLOCK\",\"action\":\"ALLOW\"");

        FormatHarness.Result result = FormatHarness.read(utf8(blockedThenAllowed + "\n" + record(1762247731000L, "once", "") + "\n"), "waf.log");

        assertThat(result.column("waf", "action")).containsExactly("ALLOW", "ALLOW");
        assertThat(result.records()).extracting(LogRecord::anomalies)
                .containsExactly(List.of("duplicate_key:action"), List.of());
    }

    @Test
    void quarantinesBinaryJunkBetweenRecords() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(utf8(record(1, "a", "") + "\n"));
        bytes.write(new byte[] {0, 1, 2, (byte) 0xFF, (byte) 0xFE, '\n'});
        bytes.write(utf8(record(2, "b", "") + "\n"));
        FormatHarness.Result result = FormatHarness.read(bytes.toByteArray(), "junk.log");
        assertThat(result.column("waf", "request_id")).containsExactly("a", "b");
        assertThat(result.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.reason()).startsWith("broken JSON in WAF record: Illegal character ((CTRL-CHAR, code 0))");
            assertThat(problem.raw()).containsExactly(0, 1, 2, (byte) 0xFF, (byte) 0xFE);
            assertThat(problem.position().line()).isEqualTo(2);
        });
    }

    @Test
    void quarantinesARecordLargerThanTheCapUnreadAndGoesOn() throws IOException {
        String huge = record(1, "huge", ",\"padding\":\"" + "x".repeat(WafReader.MAX_RECORD_BYTES) + "\"");
        String text = huge + "\n" + record(2, "after", "") + "\n";
        FormatHarness.Result result = FormatHarness.read(utf8(text), "huge.log");
        assertThat(result.column("waf", "request_id")).containsExactly("after");
        assertThat(result.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.reason()).isEqualTo("WAF record longer than 8388608 bytes; quarantined unread, "
                    + "reading resumes at the next line");
            assertThat(problem.raw()).hasSize(ParseProblem.MAX_RAW_BYTES);
        });
        assertThat(result.records().get(0).position().line()).isEqualTo(2);
    }

    @Test
    void truncatedGzipYieldsWhatWasReadThenThrowsFromNext() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            text.append(record(i, "r" + i, ",\"pad\":\"" + Integer.toHexString(i * 7919) + "\"")).append('\n');
        }
        Path whole = gzip("whole.log.gz", utf8(text.toString()));
        byte[] cut = Arrays.copyOf(Files.readAllBytes(whole), (int) Files.size(whole) / 2);
        List<ReadItem> items = new ArrayList<>();
        try (EventReader reader = new WafFormat().open(new GZIPInputStream(new ByteArrayInputStream(cut)),
                SourceContext.of("cut.log.gz"))) {
            assertThatThrownBy(() -> {
                ReadItem item;
                while ((item = reader.next()) != null) {
                    items.add(item);
                }
            }).isInstanceOf(IOException.class).isNotInstanceOf(com.fasterxml.jackson.core.JacksonException.class);
            assertThat(reader.position().line()).isGreaterThan(1);
        }
        assertThat(items.size()).isBetween(1, 1999);
        assertThat(items).allMatch(LogRecord.class::isInstance);

        Path file = temp.resolve("cut.log.gz");
        Files.write(file, cut);
        FormatHarness.Result result = FormatHarness.read(file);
        assertThat(result.streamError()).isPresent();
        // The ingest's gzip reader buffers differently from java.util.zip: it stops at a different record.
        assertThat(result.records().size()).isBetween(1, 1999);
        assertThat(result.problems()).isEmpty();
    }

    @Test
    void mapsOneRecordForTheCloudWatchReader() throws IOException {
        JsonNode node = Json.MAPPER.readTree(record(1762247730000L, "1-abc", ",\"labels\":[{\"name\":\"l\"}]"));
        assertThat(WafRecords.defect(node)).isNull();
        LogRecord mapped = WafRecords.map(node, new Position(10, 3));
        assertThat(mapped.position()).isEqualTo(new Position(10, 3));
        assertThat(mapped.dedupeKey()).isEqualTo("waf:" + ACL + ":1-abc:1762247730000");
        assertThat(mapped.event()).satisfies(event -> {
            assertThat(event.source()).isEqualTo("waf");
            assertThat(event.eventTime()).isEqualTo(Instant.parse("2025-11-04T09:15:30Z"));
            assertThat(event.accountId()).isEqualTo("111122223333");
            assertThat(event.region()).isEqualTo("eu-west-1");
            assertThat(event.action()).isEqualTo("ALLOW");
            assertThat(event.outcome()).isEqualTo(Outcome.SUCCESS);
            assertThat(event.srcIp()).isEqualTo("203.0.113.45");
            assertThat(event.resource()).isEqualTo("shop.example.com/");
            assertThat(event.eventId()).isEqualTo("1-abc");
            assertThat(event.message()).isEqualTo("WAF ALLOW GET shop.example.com/ from 203.0.113.45 by rule Default_Action (REGULAR)");
        });
        assertThat(mapped.rows()).singleElement().satisfies(row -> {
            assertThat(row.table()).isEqualTo("waf");
            assertThat(row.values()[WafTables.WAF.indexOf("webacl_name")]).isEqualTo("shop-acl");
            assertThat(row.values()[WafTables.WAF.indexOf("webacl_scope")]).isEqualTo("regional");
        });
    }

    @Test
    void mapRefusesWhatDefectRejects() {
        JsonNode notWaf = Json.MAPPER.createObjectNode().put("message", "hello");
        assertThat(WafRecords.defect(notWaf)).isEqualTo("WAF record without \"timestamp\" (epoch milliseconds expected)");
        assertThatThrownBy(() -> WafRecords.map(notWaf, Position.UNKNOWN)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("WAF record without \"timestamp\" (epoch milliseconds expected)");
    }

    @Test
    void mapsActionsToOutcomes() {
        assertThat(WafRecords.outcome("BLOCK")).isEqualTo(Outcome.FAILURE);
        assertThat(WafRecords.outcome("ALLOW")).isEqualTo(Outcome.SUCCESS);
        assertThat(WafRecords.outcome("COUNT")).isEqualTo(Outcome.UNKNOWN);
        assertThat(WafRecords.outcome("CAPTCHA")).isEqualTo(Outcome.UNKNOWN);
        assertThat(WafRecords.outcome("CHALLENGE")).isEqualTo(Outcome.UNKNOWN);
        assertThat(WafRecords.outcome(null)).isEqualTo(Outcome.UNKNOWN);
    }
}
