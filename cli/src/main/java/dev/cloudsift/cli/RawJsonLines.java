package dev.cloudsift.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.cloudsift.core.Json;
import dev.cloudsift.report.export.OriginalRecords;
import java.io.IOException;
import java.io.Writer;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;

/** JSON lines of export rows with each row's original record beside its columns ({@code raw} or {@code raw_missing}). */
final class RawJsonLines {
    private RawJsonLines() {}

    static long print(ResultSet result, OriginalRecords originals, Writer out, boolean terminal) throws SQLException, IOException {
        JsonGenerator json = Json.FACTORY.createGenerator(out);
        json.setRootValueSeparator(null);
        if (terminal) {
            // as query does: a terminal gets escapes, never the logs' control characters
            json.enable(JsonGenerator.Feature.ESCAPE_NON_ASCII);
        }
        ResultSetMetaData meta = result.getMetaData();
        long lines = 0;
        while (result.next()) {
            json.writeStartObject();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                if (OriginalRecords.isPointerColumn(meta.getColumnLabel(i))) {
                    continue;
                }
                Object value = result.getObject(i);
                json.writeFieldName(meta.getColumnLabel(i));
                if (value == null) {
                    json.writeNull();
                } else if (value instanceof Long || value instanceof Integer || value instanceof Short) {
                    json.writeNumber(((Number) value).longValue());
                } else if (value instanceof Number number) {
                    json.writeNumber(number.doubleValue());
                } else if (value instanceof Boolean bool) {
                    json.writeBoolean(bool);
                } else if (value instanceof java.sql.Timestamp || value instanceof java.time.temporal.TemporalAccessor) {
                    json.writeString(dev.cloudsift.investigate.CaseTables.instant(result, i).toString());
                } else {
                    json.writeString(value.toString());
                }
            }
            OriginalRecords.Original original = originals.read(result);
            json.writeStringField(original.text() != null ? "raw" : "raw_missing",
                    original.text() != null ? original.text() : original.missing());
            json.writeEndObject();
            json.flush();
            out.write('\n');
            lines++;
        }
        json.flush();
        return lines;
    }
}
