package dev.cloudsift.store.enrich;

import dev.cloudsift.formats.metrics.MetricsTables;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudsift.core.Column;
import dev.cloudsift.core.Event;
import dev.cloudsift.core.LogRecord;
import dev.cloudsift.core.TableRow;
import dev.cloudsift.core.TableSchema;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MetricSpikes on a real DuckDB file filled from a metric stream the test generates. */
class MetricSpikesTest {
    private static final Instant START = Instant.parse("2025-11-04T00:00:00Z");
    private static final long FIVE_MINUTES = 300_000L;

    @TempDir
    Path directory;

    @Test
    void flagsExfiltrationAndMiningButNotNoiseShortSeriesOrFlatLines() throws Exception {
        Random random = new Random(42);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            double bytes = i == 100 ? 912_004_096.0 : 50_000 + random.nextGaussian() * 5_000;
            lines.add(stream("NetworkOut", "i-0aaaaaaaaaaaaaaaa", i, bytes, "Bytes"));
            // A daily rhythm that reaches 1.5 times its median is busy, not an attack.
            double rhythm = 40 + 20 * Math.sin(i * Math.PI / 12) + random.nextGaussian();
            lines.add(stream("CPUUtilization", "i-0eeeeeeeeeeeeeeee", i, rhythm, "Percent"));
        }
        for (int i = 0; i < 60; i++) {
            double cpu = i >= 54 ? 99.0 + random.nextDouble() : 3 + random.nextGaussian();
            lines.add(stream("CPUUtilization", "i-0bbbbbbbbbbbbbbbb", i, cpu, "Percent"));
            lines.add(stream("NetworkIn", "i-0dddddddddddddddd", i, 1000.0, "Bytes"));
        }
        for (int i = 0; i < MetricSpikes.MINIMUM_POINTS - 1; i++) {
            lines.add(stream("CPUUtilization", "i-0cccccccccccccccc", i, i == 6 ? 100.0 : 1.0, "Percent"));
        }
        Path file = directory.resolve("metric-stream.json");
        Files.write(file, lines, StandardCharsets.UTF_8);

        try (Connection connection = caseWith(file)) {
            List<MetricSpike> spikes = MetricSpikes.find(connection);

            // In time order: the miner's six points (04:30 to 04:55), then the exfiltration (08:20).
            assertThat(spikes).extracting(MetricSpike::resource).containsExactly("i-0bbbbbbbbbbbbbbbb",
                    "i-0bbbbbbbbbbbbbbbb", "i-0bbbbbbbbbbbbbbbb", "i-0bbbbbbbbbbbbbbbb", "i-0bbbbbbbbbbbbbbbb",
                    "i-0bbbbbbbbbbbbbbbb", "i-0aaaaaaaaaaaaaaaa");
            MetricSpike exfiltration = spikes.get(6);
            assertThat(exfiltration.eventTime()).isEqualTo(START.plusMillis(100 * FIVE_MINUTES));
            assertThat(exfiltration.value()).isEqualTo(912_004_096.0);
            assertThat(exfiltration.baseline()).isBetween(45_000.0, 55_000.0);
            assertThat(exfiltration.robustZ()).isGreaterThan(MetricSpikes.THRESHOLD);
            assertThat(exfiltration.dimensions()).isEqualTo("{\"InstanceId\":\"i-0aaaaaaaaaaaaaaaa\"}");

            Event event = exfiltration.toEvent();
            assertThat(event.source()).isEqualTo("metrics");
            assertThat(event.action()).isEqualTo("NetworkOut spike");
            assertThat(event.resource()).isEqualTo("i-0aaaaaaaaaaaaaaaa");
            assertThat(event.accountId()).isEqualTo("111122223333");
            assertThat(event.region()).isEqualTo("eu-west-1");
            assertThat(event.bytes()).isEqualTo(912_004_096L);
            assertThat(event.message()).matches("NetworkOut (Sum|Maximum|Average) = 912004096\\.0 Bytes at "
                    + "2025-11-04T08:20:00Z, [0-9]+\\.[0-9]x the series median [0-9.]+ \\(MAD [0-9.]+, robust z "
                    + "[0-9]+\\.[0-9], 120 points\\)");
            assertThat(spikes.subList(0, 6)).allSatisfy(miner -> {
                assertThat(miner.metric()).isEqualTo("CPUUtilization");
                assertThat(miner.value()).isGreaterThanOrEqualTo(99.0);
            });
            assertThat(spikes).extracting(MetricSpike::dedupeKey).doesNotHaveDuplicates();
        }
    }

    @Test
    void reportsOneSpikePerPointWhicheverStatisticsSpiked() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            lines.add(stream("NetworkOut", "i-0aaaaaaaaaaaaaaaa", i, i == 10 ? 1e9 : 1000 + i, "Bytes"));
        }
        Path file = directory.resolve("stream.json");
        Files.write(file, lines, StandardCharsets.UTF_8);

        try (Connection connection = caseWith(file)) {
            // Sum, Maximum and Average all spike at the same time: one event, not three.
            assertThat(MetricSpikes.find(connection)).singleElement()
                    .satisfies(spike -> assertThat(spike.eventTime()).isEqualTo(START.plusMillis(10 * FIVE_MINUTES)));
        }
    }

    private static String stream(String metric, String instance, int index, double value, String unit) {
        long time = START.toEpochMilli() + index * FIVE_MINUTES;
        return "{\"metric_stream_name\":\"ir-stream\",\"account_id\":\"111122223333\",\"region\":\"eu-west-1\","
                + "\"namespace\":\"AWS/EC2\",\"metric_name\":\"" + metric + "\",\"dimensions\":{\"InstanceId\":\""
                + instance + "\"},\"timestamp\":" + time + ",\"value\":{\"max\":" + value + ",\"min\":" + value
                + ",\"sum\":" + value + ",\"count\":1.0},\"unit\":\"" + unit + "\"}";
    }

    /** A DuckDB case file with the metrics table laid out as the store lays it out, filled from the file. */
    private Connection caseWith(Path file) throws IOException, SQLException {
        ReadFile.Result result = ReadFile.read(file);
        assertThat(result.format()).map(f -> f.name()).contains("metrics.stream");
        assertThat(result.problems()).isEmpty();
        TableSchema table = MetricsTables.METRICS;
        Connection connection = DriverManager.getConnection("jdbc:duckdb:" + directory.resolve("case.duckdb"));
        StringBuilder ddl = new StringBuilder("CREATE TABLE metrics (row_id BIGINT");
        StringBuilder insert = new StringBuilder("INSERT INTO metrics VALUES (?");
        for (Column column : table.columns()) {
            ddl.append(", ").append(column.name()).append(' ').append(column.type().sql());
            insert.append(", ?");
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute(ddl.append(')').toString());
        }
        try (PreparedStatement statement = connection.prepareStatement(insert.append(')').toString())) {
            long rowId = 0;
            for (LogRecord record : result.records()) {
                rowId++;
                for (TableRow row : record.rows()) {
                    statement.setLong(1, rowId);
                    for (int i = 0; i < row.values().length; i++) {
                        Object value = row.values()[i];
                        statement.setObject(i + 2, value instanceof Instant instant
                                ? LocalDateTime.ofInstant(instant, ZoneOffset.UTC) : value);
                    }
                    statement.addBatch();
                }
            }
            statement.executeBatch();
        }
        return connection;
    }
}
