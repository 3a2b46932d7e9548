package dev.cloudsift.store.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.cloudsift.core.Envelopes;
import dev.cloudsift.core.FormatRegistry;
import dev.cloudsift.core.Json;
import dev.cloudsift.core.input.Decompression;
import dev.cloudsift.store.CaseStore;
import dev.cloudsift.store.ingest.Ingest;
import dev.cloudsift.store.ingest.IngestListener;
import dev.cloudsift.store.ingest.IngestOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every golden fixture of every format, ingested for real: {@code raw} of each stored record is exactly the
 * record's bytes in the fixture (a whole JSON value or a whole line there), decoded from its envelope when it has one.
 */
class RawRecordsGoldenTest {
    private static final FormatRegistry REGISTRY = FormatRegistry.load();
    private static final Path GOLDEN = Path.of("../formats/src/test/resources");

    @TempDir
    Path folder;

    static Stream<Path> fixtures() throws IOException {
        try (Stream<Path> files = Files.walk(GOLDEN)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().endsWith(".events.jsonl"))
                    .filter(p -> !p.getFileName().toString().endsWith(".md"))
                    .sorted()
                    .toList()
                    .stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void rawOfEveryStoredRecordIsItsBytesInTheFixture(Path fixture) throws Exception {
        Path input = folder.resolve("input").resolve(fixture.getFileName());
        Files.createDirectories(input.getParent());
        Files.copy(fixture, input);
        Path caseFile = folder.resolve("case.duckdb");
        try (CaseStore store = CaseStore.open(caseFile, REGISTRY.formats())) {
            new Ingest(store, REGISTRY).run(IngestOptions.of(List.of(input)), IngestListener.NONE);
        }
        byte[] content;
        try (InputStream in = Decompression.open(Files.newInputStream(input), Files.size(input)).content()) {
            content = in.readAllBytes();
        }
        try (CaseStore store = CaseStore.openReadOnly(caseFile)) {
            RawRecords records = new RawRecords(store);
            List<Long> rowIds = rowIds(store);
            if (goldenHasEvents(fixture)) {
                assertThat(rowIds).as("events stored from " + fixture).isNotEmpty();
            }
            for (long rowId : rowIds) {
                RawRecords.Pointer pointer = records.find(Long.toString(rowId)).stream()
                        .filter(p -> p.rowId() == rowId).findFirst().orElseThrow();
                String what = fixture + " row " + rowId + " " + pointer;
                if (fixture.toString().endsWith(".csv")) {
                    assertThat(pointer.length()).as(what + ": CSV readers record the length").isNotNegative();
                }
                RawRecords.Raw raw = records.read(pointer);
                assertThat(pointer.offset()).as(what).isNotNegative();
                if (pointer.envelope() != null && pointer.envelope().startsWith(Envelopes.PARQUET_ROW)) {
                    assertThat(Json.MAPPER.readTree(raw.bytes()).isObject()).as(what).isTrue();
                    continue;
                }
                long length = pointer.length() >= 0 ? pointer.length() : lineLength(content, (int) pointer.offset());
                byte[] outer = Arrays.copyOfRange(content, (int) pointer.offset(), (int) (pointer.offset() + length));
                assertWhole(outer, content, (int) pointer.offset(), what);
                byte[] expected = pointer.envelope() == null ? outer : Envelopes.decode(outer, pointer.envelope());
                assertThat(raw.bytes()).as(what).isEqualTo(expected);
                assertThat(raw.decodedFrom() != null).as(what).isEqualTo(pointer.envelope() != null);
            }
        }
    }

    private static boolean goldenHasEvents(Path fixture) throws IOException {
        String name = fixture.getFileName().toString();
        Path golden = fixture.resolveSibling(name.substring(0, name.indexOf('.') < 0 ? name.length() : name.indexOf('.'))
                + ".events.jsonl");
        return Files.exists(golden) && Files.readString(golden).contains("\"event\":{");
    }

    private static List<Long> rowIds(CaseStore store) throws Exception {
        List<Long> ids = new ArrayList<>();
        try (Statement statement = store.connection().createStatement();
             ResultSet rows = statement.executeQuery("SELECT row_id FROM events ORDER BY row_id")) {
            while (rows.next()) {
                ids.add(rows.getLong(1));
            }
        }
        return ids;
    }

    /** The bytes are one whole JSON value, or one whole line of the content. */
    private static void assertWhole(byte[] record, byte[] content, int offset, String what) throws IOException {
        assertThat(record).as(what).isNotEmpty();
        byte first = record[0];
        if (first == '{' || first == '[' || first == '"') {
            // Lenient about raw control characters inside strings: the Config reader accepts them (a trap fixture
            // holds a raw line break in a value), so its bytes are still one whole value.
            try (JsonParser parser = Json.FACTORY.createParser(record)) {
                parser.enable(JsonParser.Feature.ALLOW_UNQUOTED_CONTROL_CHARS);
                assertThat(Json.MAPPER.<com.fasterxml.jackson.databind.JsonNode>readTree(parser)).as(what).isNotNull();
                assertThat(parser.nextToken()).as(what + ": nothing after the value").isNull();
            } catch (JsonProcessingException e) {
                throw new AssertionError(what + ": not one whole JSON value: " + e.getOriginalMessage(), e);
            }
            return;
        }
        int end = offset + record.length;
        if (what.contains(".csv ")) {
            // A CSV record may hold line breaks inside quotes: it must read as exactly one record.
            try (CSVParser parser = CSVParser.parse(new String(record, StandardCharsets.UTF_8), CSVFormat.DEFAULT)) {
                assertThat(parser.getRecords()).as(what + ": one CSV record").hasSize(1);
            }
        } else {
            assertThat(new String(record, StandardCharsets.UTF_8)).as(what).doesNotContain("\n");
        }
        assertThat(offset == 0 || content[offset - 1] == '\n').as(what + ": starts a line").isTrue();
        assertThat(end == content.length || content[end] == '\n' || content[end] == '\r').as(what + ": ends a line").isTrue();
    }

    private static long lineLength(byte[] content, int offset) {
        int end = offset;
        while (end < content.length && content[end] != '\n') {
            end++;
        }
        return end > offset && content[end - 1] == '\r' ? end - 1 - offset : end - offset;
    }
}
