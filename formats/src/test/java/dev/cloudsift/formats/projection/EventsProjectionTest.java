package dev.cloudsift.formats.projection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudsift.core.Column;
import dev.cloudsift.core.ColumnType;
import dev.cloudsift.core.Event;
import dev.cloudsift.core.EventsProjection;
import dev.cloudsift.core.LogRecord;
import dev.cloudsift.core.TableRow;
import dev.cloudsift.core.Utf8Slice;
import dev.cloudsift.core.TableSchema;
import dev.cloudsift.formats.testing.FormatHarness;
import dev.cloudsift.formats.testing.GoldenFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each table's declared events projection, evaluated by a SQL engine over the record's own row (its derived columns
 * computed by their SQL), gives exactly the {@link Event} the reader builds, and each derived column's SQL gives the
 * value the reader wrote in its row: over every golden file of every format.
 */
class EventsProjectionTest {
    private static final Path RESOURCES = Path.of("src/test/resources");
    private static Connection duckdb;
    private static final Set<String> created = new HashSet<>();

    @BeforeAll
    static void open() throws SQLException {
        duckdb = DriverManager.getConnection("jdbc:duckdb:");
    }

    @AfterAll
    static void close() throws SQLException {
        duckdb.close();
    }

    static Stream<Path> goldenInputs() throws IOException {
        List<Path> inputs = new ArrayList<>();
        try (Stream<Path> folders = Files.list(RESOURCES)) {
            for (Path folder : folders.filter(Files::isDirectory).sorted().toList()) {
                try (Stream<Path> files = Files.list(folder)) {
                    if (files.noneMatch(f -> f.getFileName().toString().endsWith(".events.jsonl"))) {
                        continue;
                    }
                }
                GoldenFiles.cases(folder.getFileName().toString()).forEach(inputs::add);
            }
        }
        return inputs.stream();
    }

    @Test
    void everyFormatThatWritesEventsDeclaresAProjection() throws IOException {
        assertThat(goldenInputs()).hasSizeGreaterThan(50);
        for (String source : List.of("cloudtrail", "vpcflow", "s3access", "waf", "alb", "cloudwatch", "config")) {
            assertThat(FormatHarness.registry().tables().get(source).eventsProjection()).as(source).isNotNull();
        }
        assertThat(FormatHarness.registry().tables().get("metrics").eventsProjection()).isNull();
        assertThat(FormatHarness.registry().tables().get("cloudtrail_digests").eventsProjection()).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenInputs")
    void projectionOfTheFirstRowIsTheReadersEvent(Path input) throws Exception {
        int checked = 0;
        for (LogRecord record : FormatHarness.read(input).records()) {
            for (int i = 0; i < record.rows().size(); i++) {
                TableRow row = record.rows().get(i);
                TableSchema schema = FormatHarness.registry().tables().get(row.table());
                Map<String, Object> projected = project(schema, row);
                if (i == 0 && record.event() != null) {
                    assertThat(projected).as("events row of %s at offset %d", row.table(), record.position().offset())
                            .isNotNull()
                            .containsExactlyEntriesOf(expected(record.event()));
                    checked++;
                } else {
                    assertThat(projected).as("row %d (%s) of the record at offset %d feeds no events row", i,
                            row.table(), record.position().offset()).isNull();
                }
            }
        }
        long events = FormatHarness.read(input).events().size();
        assertThat(checked).isEqualTo(events);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenInputs")
    void derivedColumnsGiveWhatTheReaderWroteInTheRow(Path input) throws Exception {
        for (LogRecord record : FormatHarness.read(input).records()) {
            for (TableRow row : record.rows()) {
                TableSchema schema = FormatHarness.registry().tables().get(row.table());
                List<Column> derived = schema.columns().stream().filter(column -> !column.stored()).toList();
                if (derived.isEmpty()) {
                    continue;
                }
                String table = insert(schema, row);
                StringBuilder select = new StringBuilder("SELECT ");
                for (int i = 0; i < derived.size(); i++) {
                    select.append(i == 0 ? "" : ", ").append('(').append(derived.get(i).derivedSql()).append(')');
                }
                try (Statement statement = duckdb.createStatement();
                        ResultSet result = statement.executeQuery(select.append(" FROM ").append(table).toString())) {
                    assertThat(result.next()).isTrue();
                    for (int i = 0; i < derived.size(); i++) {
                        Column column = derived.get(i);
                        Object written = row.values()[schema.indexOf(column.name())];
                        if (written == null) {
                            // VPC flow and S3 access leave their derived cells to the views (their Events are
                            // deferred): projectionOfTheFirstRowIsTheReadersEvent checks them against the Event.
                            continue;
                        }
                        Object computed = result.getObject(i + 1);
                        assertThat(computed == null ? null : normalise(column.type(), computed))
                                .as("%s.%s of the record at offset %d", row.table(), column.name(),
                                        record.position().offset())
                                .isEqualTo(normalise(column.type(), written));
                    }
                }
            }
        }
    }

    /** The projected events row, or null when the table has no projection or its filter leaves the row out. */
    private static Map<String, Object> project(TableSchema schema, TableRow row) throws SQLException {
        if (schema.eventsProjection() == null) {
            return null;
        }
        String table = insert(schema, row);
        try (Statement statement = duckdb.createStatement()) {
            // A column derived in the views holds what its SQL gives, not what the reader wrote in the row.
            for (Column column : schema.columns()) {
                if (!column.stored()) {
                    statement.execute("UPDATE " + table + " SET \"" + column.name() + "\" = (" + column.derivedSql() + ")");
                }
            }
        }
        return projectInserted(schema, table);
    }

    /** The row, alone in a table of the schema's columns (JSON as VARCHAR); returns the table's name. */
    private static String insert(TableSchema schema, TableRow row) throws SQLException {
        String table = "t_" + schema.name();
        try (Statement statement = duckdb.createStatement()) {
            if (created.add(table)) {
                StringBuilder ddl = new StringBuilder("CREATE TABLE " + table + " (");
                for (int i = 0; i < schema.columns().size(); i++) {
                    Column column = schema.columns().get(i);
                    ColumnType type = column.type() == ColumnType.JSON ? ColumnType.VARCHAR : column.type();
                    ddl.append(i == 0 ? "" : ", ").append('"').append(column.name()).append("\" ").append(type.sql());
                }
                statement.execute(ddl.append(')').toString());
            }
            statement.execute("DELETE FROM " + table);
        }
        StringBuilder insert = new StringBuilder("INSERT INTO " + table + " VALUES (");
        for (int i = 0; i < schema.columns().size(); i++) {
            insert.append(i == 0 ? "" : ", ")
                    .append(schema.columns().get(i).type() == ColumnType.TIMESTAMP ? "make_timestamp(CAST(? AS BIGINT))" : "?");
        }
        try (PreparedStatement statement = duckdb.prepareStatement(insert.append(')').toString())) {
            for (int i = 0; i < schema.columns().size(); i++) {
                Object value = row.values()[i];
                statement.setObject(i + 1, value instanceof Instant instant ? micros(instant)
                        : value instanceof Utf8Slice slice ? slice.toString() : value);
            }
            statement.executeUpdate();
        }
        return table;
    }

    private static Map<String, Object> projectInserted(TableSchema schema, String table) throws SQLException {
        StringBuilder select = new StringBuilder("SELECT ");
        int i = 0;
        for (Map.Entry<String, String> column : schema.eventsProjection().entrySet()) {
            String expression = "(" + column.getValue() + ")";
            select.append(i++ == 0 ? "" : ", ")
                    .append(column.getKey().equals("event_time") ? "epoch_us" + expression : expression);
        }
        select.append(" FROM ").append(table);
        if (schema.eventsFilter() != null) {
            select.append(" WHERE ").append(schema.eventsFilter());
        }
        try (Statement statement = duckdb.createStatement(); ResultSet result = statement.executeQuery(select.toString())) {
            if (!result.next()) {
                return null;
            }
            Map<String, Object> projected = new LinkedHashMap<>();
            int index = 1;
            for (Column column : EventsProjection.COLUMNS) {
                Object value = result.getObject(index++);
                projected.put(column.name(), value == null ? null : normalise(column.type(), value));
            }
            assertThat(result.next()).isFalse();
            return projected;
        }
    }

    private static Object normalise(ColumnType type, Object value) {
        return switch (type) {
            case TIMESTAMP, BIGINT -> ((Number) value).longValue();
            case INTEGER -> ((Number) value).intValue();
            default -> value.toString();
        };
    }

    private static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000);
    }

    private static Map<String, Object> expected(Event event) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("event_time", event.eventTime() == null ? null : micros(event.eventTime()));
        values.put("source", event.source());
        values.put("account_id", event.accountId());
        values.put("region", event.region());
        values.put("action", event.action());
        values.put("outcome", event.outcome().columnValue());
        values.put("error_code", event.errorCode());
        values.put("principal", event.principal());
        values.put("access_key_id", event.accessKeyId());
        values.put("src_ip", event.srcIp());
        values.put("dst_ip", event.dstIp());
        values.put("src_port", event.srcPort());
        values.put("dst_port", event.dstPort());
        values.put("user_agent", event.userAgent());
        values.put("resource", event.resource());
        values.put("bytes", event.bytes());
        values.put("event_id", event.eventId());
        values.put("message", event.message());
        return values;
    }
}
