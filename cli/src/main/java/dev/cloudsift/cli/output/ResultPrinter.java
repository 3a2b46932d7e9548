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

/**
 * Prints a SQL result as an aligned table, CSV, a JSON array or JSON lines, row by row as it is fetched; the table
 * reads only the rows it shows (and one more, to say that there are more).
 */
public final class ResultPrinter {
    /** Cells wider than this are cut in tables (the full value is in csv/json output). */
    public static final int MAX_CELL = 80;
    /** Tables show at most this many rows; other formats print everything. */
    public static final int MAX_TABLE_ROWS = 10_000;

    private final OutputFormat format;
    private final PrintWriter out;
    private final boolean terminal;

    /** A printer for a file or pipe: CSV cells keep their exact value except formula neutralisation. */
    public ResultPrinter(OutputFormat format, PrintWriter out) {
        this(format, out, false);
    }

    /**
     * @param terminal whether {@code out} is a terminal: CSV cells then show control and bidi characters as
     *     escapes and JSON escapes everything beyond ASCII, so log content cannot drive the terminal
     */
    public ResultPrinter(OutputFormat format, PrintWriter out, boolean terminal) {
        this.format = java.util.Objects.requireNonNull(format, "format");
        this.out = java.util.Objects.requireNonNull(out, "out");
        this.terminal = terminal;
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
        boolean more = false;
        while (result.next()) {
            if (rows.size() >= MAX_TABLE_ROWS) {
                more = true;
                break;
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
        long count = rows.size();
        out.println(more ? "(first " + count + " rows shown; the rest were not read: use --format csv or jsonl for all)"
                : "(" + count + " row" + (count == 1 ? "" : "s") + ")");
        return count;
    }

    private long printCsv(ResultSet result, List<String> names) throws SQLException, IOException {
        CSVPrinter printer = new CSVPrinter(out, CSVFormat.RFC4180.builder().setRecordSeparator("\n").get());
        printer.printRecord(names.stream().map(name -> CsvCells.cell(name, terminal)).toList());
        long count = 0;
        while (result.next()) {
            count++;
            List<String> row = new ArrayList<>(names.size());
            for (int i = 1; i <= names.size(); i++) {
                Object value = CaseTables.value(result, i);
                row.add(value == null ? "" : CsvCells.cell(text(value), terminal));
            }
            printer.printRecord(row);
        }
        printer.flush();
        return count;
    }

    private long printJson(ResultSet result, List<String> names, boolean lines) throws SQLException, IOException {
        long count = 0;
        JsonGenerator generator = Json.FACTORY.createGenerator(out);
        if (terminal) {
            generator.enable(JsonGenerator.Feature.ESCAPE_NON_ASCII);
        }
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
