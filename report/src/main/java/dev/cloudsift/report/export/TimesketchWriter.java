package dev.cloudsift.report.export;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.cloudsift.core.Json;
import dev.cloudsift.investigate.CaseTables;
import java.io.IOException;
import java.io.Writer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * Timesketch JSONL: one flat object per event with the three fields Timesketch requires ({@code message},
 * {@code datetime} ISO-8601 UTC, {@code timestamp_desc}) and every column beside them; nested JSON (CloudTrail
 * request parameters and response elements) stays a string, as Timesketch indexes flat fields only.
 */
public final class TimesketchWriter {
    private TimesketchWriter() {}

    /** @return the number of lines written */
    public static long write(Connection connection, Writer out) throws SQLException, IOException {
        long lines = 0;
        JsonGenerator json = Json.FACTORY.createGenerator(out);
        json.setRootValueSeparator(null);
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(EventRows.sql(connection))) {
            ResultSetMetaData meta = result.getMetaData();
            while (result.next()) {
                Instant time = CaseTables.instant(result, 1);
                if (time == null) {
                    continue;
                }
                json.writeStartObject();
                String message = result.getString("message");
                json.writeStringField("message", message == null || message.isEmpty()
                        ? result.getString("source") + " " + result.getString("action") : message);
                json.writeStringField("datetime", DateTimeFormatter.ISO_INSTANT.format(time));
                json.writeStringField("timestamp_desc", "Event Recorded");
                json.writeStringField("data_type", "cloudsift:" + result.getString("source"));
                for (int i = 2; i <= meta.getColumnCount(); i++) {
                    String name = meta.getColumnLabel(i);
                    if (name.equals("message")) {
                        continue;
                    }
                    Object value = result.getObject(i);
                    if (value == null) {
                        continue;
                    }
                    if (value instanceof Number number) {
                        json.writeNumberField(name, number.longValue());
                    } else {
                        json.writeStringField(name, value.toString());
                    }
                }
                json.writeEndObject();
                json.flush();
                out.write('\n');
                lines++;
            }
        }
        json.flush();
        return lines;
    }
}
