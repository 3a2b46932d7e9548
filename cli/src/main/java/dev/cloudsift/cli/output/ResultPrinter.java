package dev.cloudsift.cli.output;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.cloudsift.core.Json;
import dev.cloudsift.core.TerminalText;
import dev.cloudsift.investigate.CaseTables;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.sql.Array;
import java.sql.Blob;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** Prints a SQL result as an aligned table, CSV, a JSON array or JSON lines; streams all but the table. */
public final class ResultPrinter {
    /** Cells wider than this are cut in tables (the full value is in csv/json output). */
    public static final int MAX_CELL = 80;
    /** Tables show at most this many rows; other formats print everything. */
    public static final int MAX_TABLE_ROWS = 10_000;

    private final OutputFormat format;
    private final PrintWriter out;

    public ResultPrinter(OutputFormat format, PrintWriter out) {
        this.format = format;
        this.out = out;
    }

    /** Prints the rows; returns how many there were. */
    public long print(ResultSet result) throws SQLException {
        ResultSetMetaData meta = result.getMetaData();
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            names.add(meta.getColumnLabel(i));
        }
        try {
            return switch (format) {
                case TABLE -> printTable(result, names);
                case CSV -> printCsv(result, names);
                case JSON, JSONL -> printJson(result, names, format == OutputFormat.JSONL);
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            out.flush();
        }
    }

    private long printTable(ResultSet result, List<String> names) throws SQLException {
        List<String[]> rows = new ArrayList<>();
        int[] widths = names.stream().mapToInt(n -> Math.min(MAX_CELL, TerminalText.clean(n).length())).toArray();
        long count = 0;
        while (result.next()) {
            count++;
            if (rows.size() >= MAX_TABLE_ROWS) {
                continue;
            }
            String[] row = new String[names.size()];
            for (int i = 0; i < row.length; i++) {
                row[i] = TerminalText.clean(text(CaseTables.value(result, i + 1)), MAX_CELL);
                widths[i] = Math.max(widths[i], row[i].codePointCount(0, row[i].length()));
            }
            rows.add(row);
        }
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            line.append(i == 0 ? "" : "  ").append(pad(TerminalText.clean(names.get(i), MAX_CELL), widths[i]));
        }
        out.println(line.toString().stripTrailing());
        line.setLength(0);
        for (int i = 0; i < names.size(); i++) {
            line.append(i == 0 ? "" : "  ").append("-".repeat(widths[i]));
        }
        out.println(line);
        for (String[] row : rows) {
            line.setLength(0);
            for (int i = 0; i < row.length; i++) {
                line.append(i == 0 ? "" : "  ").append(pad(row[i], widths[i]));
            }
            out.println(line.toString().stripTrailing());
        }
        out.println("(" + count + " row" + (count == 1 ? "" : "s")
                + (count > rows.size() ? ", first " + rows.size() + " shown; use --format csv or jsonl for all" : "") + ")");
        return count;
    }

    private long printCsv(ResultSet result, List<String> names) throws SQLException, IOException {
        CSVPrinter printer = new CSVPrinter(out, CSVFormat.RFC4180.builder().setRecordSeparator("\n").get());
        printer.printRecord(names);
        long count = 0;
        while (result.next()) {
            count++;
            List<String> row = new ArrayList<>(names.size());
            for (int i = 1; i <= names.size(); i++) {
                Object value = CaseTables.value(result, i);
                row.add(value == null ? "" : CsvCells.neutralise(text(value)));
            }
            printer.printRecord(row);
        }
        printer.flush();
        return count;
    }

    private long printJson(ResultSet result, List<String> names, boolean lines) throws SQLException, IOException {
        long count = 0;
        JsonGenerator generator = Json.FACTORY.createGenerator(out);
        if (!lines) {
            generator.writeStartArray();
        }
        while (result.next()) {
            count++;
            generator.writeStartObject();
            for (int i = 1; i <= names.size(); i++) {
                generator.writeFieldName(names.get(i - 1));
                writeValue(generator, CaseTables.value(result, i));
            }
            generator.writeEndObject();
            if (lines) {
                generator.flush();
                out.write('\n');
            }
        }
        if (!lines) {
            generator.writeEndArray();
            generator.flush();
            out.write('\n');
        }
        generator.flush();
        return count;
    }

    private static void writeValue(JsonGenerator generator, Object value) throws IOException, SQLException {
        if (value == null) {
            generator.writeNull();
        } else if (value instanceof Boolean b) {
            generator.writeBoolean(b);
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            generator.writeNumber(((Number) value).longValue());
        } else if (value instanceof Double || value instanceof Float) {
            generator.writeNumber(((Number) value).doubleValue());
        } else if (value instanceof java.math.BigDecimal decimal) {
            generator.writeNumber(decimal);
        } else if (value instanceof java.math.BigInteger integer) {
            generator.writeNumber(integer);
        } else if (value instanceof Array array) {
            generator.writeStartArray();
            for (Object element : (Object[]) array.getArray()) {
                writeValue(generator, element);
            }
            generator.writeEndArray();
        } else {
            generator.writeString(text(value));
        }
    }

    /** The text form of a SQL value: timestamps as ISO-8601 UTC with Z. */
    public static String text(Object value) throws SQLException {
        if (value == null) {
            return "";
        }
        if (value instanceof Timestamp timestamp) {
            return DateTimeFormatter.ISO_INSTANT.format(timestamp.toLocalDateTime().toInstant(java.time.ZoneOffset.UTC));
        }
        if (value instanceof java.time.LocalDateTime dateTime) {
            return DateTimeFormatter.ISO_INSTANT.format(dateTime.toInstant(java.time.ZoneOffset.UTC));
        }
        if (value instanceof java.time.OffsetDateTime dateTime) {
            return DateTimeFormatter.ISO_INSTANT.format(dateTime.toInstant());
        }
        if (value instanceof byte[] bytes) {
            return HexFormat.of().formatHex(bytes);
        }
        if (value instanceof Blob blob) {
            return HexFormat.of().formatHex(blob.getBytes(1, (int) Math.min(blob.length(), 1 << 20)));
        }
        if (value instanceof Array array) {
            Object[] elements = (Object[]) array.getArray();
            List<String> parts = new ArrayList<>();
            for (Object element : elements) {
                parts.add(text(element));
            }
            return "[" + String.join(", ", parts) + "]";
        }
        return value.toString();
    }

    private static String pad(String text, int width) {
        int length = text.codePointCount(0, text.length());
        return length >= width ? text : text + " ".repeat(width - length);
    }
}
