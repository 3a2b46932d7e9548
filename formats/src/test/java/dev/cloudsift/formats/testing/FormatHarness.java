package dev.cloudsift.formats.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cloudsift.core.Column;
import dev.cloudsift.core.ColumnType;
import dev.cloudsift.core.Event;
import dev.cloudsift.core.FormatRegistry;
import dev.cloudsift.core.Json;
import dev.cloudsift.core.LogFormat;
import dev.cloudsift.core.LogRecord;
import dev.cloudsift.core.ParseProblem;
import dev.cloudsift.core.PathHints;
import dev.cloudsift.core.ReadItem;
import dev.cloudsift.core.Sample;
import dev.cloudsift.core.Skipped;
import dev.cloudsift.core.SourceContext;
import dev.cloudsift.core.TableRow;
import dev.cloudsift.core.Utf8Slice;
import dev.cloudsift.core.TableSchema;
import dev.cloudsift.core.input.Decompression;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads one file the way the ingest does (decompress by magic, sniff by content, read every item) and renders
 * what came out as JSON lines, for golden-file and conformance tests.
 */
public final class FormatHarness {
    private static final FormatRegistry REGISTRY = FormatRegistry.load();

    private FormatHarness() {}

    /** What reading one file gave. */
    public record Result(Optional<LogFormat> format, List<ReadItem> items, Optional<String> streamError) {
        public List<LogRecord> records() {
            return items.stream().filter(LogRecord.class::isInstance).map(LogRecord.class::cast).toList();
        }

        public List<ParseProblem> problems() {
            return items.stream().filter(ParseProblem.class::isInstance).map(ParseProblem.class::cast).toList();
        }

        public List<Skipped> skipped() {
            return items.stream().filter(Skipped.class::isInstance).map(Skipped.class::cast).toList();
        }

        public List<Event> events() {
            return records().stream().map(LogRecord::event).filter(java.util.Objects::nonNull).toList();
        }

        /** The named column of every row of {@code table}, in record order. */
        public List<Object> column(String table, String column) {
            int index = REGISTRY.tables().get(table).indexOf(column);
            List<Object> values = new ArrayList<>();
            for (LogRecord record : records()) {
                for (TableRow row : record.rows()) {
                    if (row.table().equals(table)) {
                        Object value = row.values()[index];
                        values.add(value instanceof Utf8Slice slice ? slice.toString() : value);
                    }
                }
            }
            return values;
        }
    }

    public static FormatRegistry registry() {
        return REGISTRY;
    }

    public static Result read(Path file) throws IOException {
        return read(file, Map.of());
    }

    public static Result read(Path file, Map<String, String> options) throws IOException {
        return read(Files.newInputStream(file), file.toString(), Files.size(file), options);
    }

    public static Result read(byte[] content, String path) throws IOException {
        return read(new java.io.ByteArrayInputStream(content), path, content.length, Map.of());
    }

    public static Result read(InputStream raw, String path, long size, Map<String, String> options) throws IOException {
        List<ReadItem> items = new ArrayList<>();
        Decompression.Opened opened;
        try {
            opened = Decompression.open(raw, size);
        } catch (IOException e) {
            return new Result(Optional.empty(), items, Optional.of(describe(e)));
        }
        InputStream content = new BufferedInputStream(opened.content(), Sample.SIZE * 2);
        content.mark(Sample.SIZE + 1);
        byte[] head = new byte[Sample.SIZE];
        int length = Decompression.readFully(content, head);
        boolean complete = content.read() < 0;
        content.reset();
        PathHints hints = PathHints.fromPath(path);
        Sample sample = new Sample(java.util.Arrays.copyOf(head, length), complete, path, hints);
        Optional<LogFormat> format = REGISTRY.sniff(sample);
        if (format.isEmpty()) {
            content.close();
            return new Result(format, items, Optional.empty());
        }
        try (var reader = format.get().open(content, new SourceContext(path, hints, options))) {
            ReadItem item;
            while ((item = reader.next()) != null) {
                items.add(item);
            }
        } catch (IOException e) {
            return new Result(format, items, Optional.of(describe(e)));
        }
        return new Result(format, items, Optional.empty());
    }

    /** Stream failures such as commons-compress's EOFException on a truncated gzip can carry no message. */
    private static String describe(IOException e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /** One JSON line per item, non-null fields only, JSON columns embedded as JSON. */
    public static List<String> render(Result result) {
        List<String> lines = new ArrayList<>();
        result.format().ifPresent(format -> lines.add("{\"format\":\"" + format.name() + "\"}"));
        for (ReadItem item : result.items()) {
            lines.add(render(item).toString());
        }
        result.streamError().ifPresent(error -> {
            ObjectNode node = JsonNodeFactory.instance.objectNode();
            node.put("stream_error", error);
            lines.add(node.toString());
        });
        return lines;
    }

    public static ObjectNode render(ReadItem item) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("offset", item.position().offset());
        node.put("line", item.position().line());
        if (item instanceof ParseProblem problem) {
            node.put("problem", problem.reason());
            node.put("raw", new String(problem.raw(), StandardCharsets.UTF_8));
        } else if (item instanceof Skipped skipped) {
            node.put("skipped", skipped.reason());
        } else if (item instanceof LogRecord record) {
            if (record.dedupeKey() != null) {
                node.put("dedupe_key", record.dedupeKey());
            }
            if (!record.anomalies().isEmpty()) {
                record.anomalies().forEach(node.putArray("anomalies")::add);
            }
            if (record.event() != null) {
                node.set("event", renderEvent(record.event()));
            }
            ObjectNode rows = node.putObject("rows");
            for (TableRow row : record.rows()) {
                ObjectNode rendered = renderRow(REGISTRY.tables().get(row.table()), row);
                JsonNode earlier = rows.get(row.table());
                // A record may hold several rows of one table (one metrics row per statistic): render them as a list.
                if (earlier == null) {
                    rows.set(row.table(), rendered);
                } else if (earlier.isArray()) {
                    ((com.fasterxml.jackson.databind.node.ArrayNode) earlier).add(rendered);
                } else {
                    rows.putArray(row.table()).add(earlier).add(rendered);
                }
            }
        }
        return node;
    }

    private static ObjectNode renderEvent(Event event) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        put(node, "event_time", event.eventTime());
        put(node, "source", event.source());
        put(node, "account_id", event.accountId());
        put(node, "region", event.region());
        put(node, "action", event.action());
        put(node, "outcome", event.outcome().columnValue());
        put(node, "error_code", event.errorCode());
        put(node, "principal", event.principal());
        put(node, "access_key_id", event.accessKeyId());
        put(node, "src_ip", event.srcIp());
        put(node, "dst_ip", event.dstIp());
        put(node, "src_port", event.srcPort());
        put(node, "dst_port", event.dstPort());
        put(node, "user_agent", event.userAgent());
        put(node, "resource", event.resource());
        put(node, "bytes", event.bytes());
        put(node, "event_id", event.eventId());
        put(node, "message", event.message());
        return node;
    }

    private static ObjectNode renderRow(TableSchema schema, TableRow row) {
        if (schema == null) {
            throw new AssertionError("row for undeclared table " + row.table());
        }
        if (row.values().length != schema.columns().size()) {
            throw new AssertionError("row for " + row.table() + " has " + row.values().length + " values, schema has "
                    + schema.columns().size());
        }
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < row.values().length; i++) {
            Column column = schema.columns().get(i);
            Object value = row.values()[i];
            if (value == null) {
                continue;
            }
            checkType(row.table(), column, value);
            if (column.type() == ColumnType.JSON) {
                try {
                    node.set(column.name(), Json.MAPPER.readTree(value.toString()));
                } catch (IOException e) {
                    throw new AssertionError("column " + column.name() + " holds invalid JSON: " + value, e);
                }
            } else {
                put(node, column.name(), value);
            }
        }
        return node;
    }

    private static void checkType(String table, Column column, Object value) {
        Class<?> expected = switch (column.type()) {
            case VARCHAR, JSON -> String.class;
            case INTEGER -> Integer.class;
            case BIGINT -> Long.class;
            case DOUBLE -> Double.class;
            case BOOLEAN -> Boolean.class;
            case TIMESTAMP -> Instant.class;
            case VARCHAR_LIST -> java.util.List.class;
        };
        boolean text = column.type() == ColumnType.VARCHAR || column.type() == ColumnType.JSON;
        if (!expected.isInstance(value) && !(text && value instanceof Utf8Slice)) {
            throw new AssertionError(table + "." + column.name() + " is " + column.type() + " but holds "
                    + value.getClass().getSimpleName() + ": " + value);
        }
    }

    private static void put(ObjectNode node, String name, Object value) {
        if (value == null) {
            return;
        }
        if (value instanceof Integer i) {
            node.put(name, i);
        } else if (value instanceof Long l) {
            node.put(name, l);
        } else if (value instanceof Double d) {
            node.put(name, d);
        } else if (value instanceof Boolean b) {
            node.put(name, b);
        } else if (value instanceof JsonNode json) {
            node.set(name, json);
        } else {
            node.put(name, value.toString());
        }
    }
}
