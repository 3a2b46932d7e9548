package dev.cloudsift.report.export;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.cloudsift.core.Json;
import dev.cloudsift.core.Nullable;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Timesketch JSONL: one flat object per event with the three fields Timesketch requires ({@code message},
 * {@code datetime} ISO-8601 UTC, {@code timestamp_desc}) and every column beside them; nested JSON (CloudTrail
 * request parameters and response elements) stays a string, as Timesketch indexes flat fields only. An event a
 * finding matched carries the rules' titles, levels and ATT&CK ids in {@code tag} and as attributes, and each
 * finding of the exported events follows as a line of its own.
 */
public final class TimesketchWriter {
    static final String EVENT_DESC = "Event Recorded";
    static final String FINDING_DESC = "Finding Raised";

    private TimesketchWriter() {}

    /** Every event and finding. @return the number of lines written */
    public static long write(Connection connection, Writer out) throws SQLException, IOException {
        return write(connection, out, ExportFilter.ALL, null);
    }

    /**
     * @param originals where to read each event's original record; null leaves it out
     * @return the number of lines written
     */
    public static long write(Connection connection, Writer out, ExportFilter filter, @Nullable OriginalRecords originals)
            throws SQLException, IOException {
        CaseFindings findings = CaseFindings.load(connection);
        Map<Long, ExportFinding> exported = new LinkedHashMap<>();
        long lines = 0;
        JsonGenerator json = Json.FACTORY.createGenerator(out);
        json.setRootValueSeparator(null);
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(EventRows.sql(connection, filter, originals != null))) {
            ResultSetMetaData meta = result.getMetaData();
            while (result.next()) {
                Instant time = CaseTables.instant(result, 1);
                if (time == null) {
                    continue;
                }
                long rowId = result.getLong("row_id");
                List<ExportFinding> matched = findings.matching(rowId);
                json.writeStartObject();
                String message = result.getString("message");
                json.writeStringField("message", message == null || message.isEmpty()
                        ? result.getString("source") + " " + result.getString("action") : message);
                json.writeStringField("datetime", DateTimeFormatter.ISO_INSTANT.format(time));
                json.writeStringField("timestamp_desc", EVENT_DESC);
                json.writeStringField("data_type", "cloudsift:" + result.getString("source"));
                for (int i = 2; i <= meta.getColumnCount(); i++) {
                    String name = meta.getColumnLabel(i);
                    if (name.equals("message") || OriginalRecords.isPointerColumn(name)) {
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
                if (!matched.isEmpty()) {
                    findingFields(json, matched);
                    for (ExportFinding finding : matched) {
                        exported.putIfAbsent(finding.findingId(), finding);
                    }
                }
                if (originals != null) {
                    OriginalRecords.Original original = originals.read(result);
                    json.writeStringField(original.text() != null ? "raw" : "raw_missing",
                            original.text() != null ? original.text() : original.missing());
                }
                json.writeEndObject();
                json.flush();
                out.write('\n');
                lines++;
            }
        }
        if (filter.equals(ExportFilter.ALL)) {
            // findings that name no event (a correlation over counts) belong to the whole case
            for (ExportFinding finding : findings.all()) {
                exported.putIfAbsent(finding.findingId(), finding);
            }
        }
        for (ExportFinding finding : exported.values()) {
            if (finding.time() == null) {
                continue;
            }
            writeFinding(json, finding);
            json.flush();
            out.write('\n');
            lines++;
        }
        json.flush();
        return lines;
    }

    /** {@code tag}: titles, levels and ATT&CK ids; {@code finding_*} attributes: the same as flat strings. */
    private static void findingFields(JsonGenerator json, List<ExportFinding> matched) throws IOException {
        Set<String> tags = new LinkedHashSet<>();
        Set<String> titles = new LinkedHashSet<>();
        Set<String> rules = new LinkedHashSet<>();
        Set<String> attack = new LinkedHashSet<>();
        for (ExportFinding finding : matched) {
            tags.add(finding.title());
            tags.add("level:" + finding.level());
            tags.addAll(finding.attackIds());
            titles.add(finding.title());
            rules.add(finding.ruleId());
            attack.addAll(finding.attackIds());
        }
        json.writeArrayFieldStart("tag");
        for (String tag : tags) {
            json.writeString(tag);
        }
        json.writeEndArray();
        json.writeStringField("finding_titles", String.join(" | ", titles));
        json.writeStringField("finding_rule_ids", String.join(", ", rules));
        // matched is highest level first
        json.writeStringField("finding_level", matched.get(0).level());
        if (!attack.isEmpty()) {
            json.writeStringField("attack_ids", String.join(", ", attack));
        }
    }

    private static void writeFinding(JsonGenerator json, ExportFinding finding) throws IOException {
        json.writeStartObject();
        json.writeStringField("message", "Finding: " + finding.title()
                + (finding.summary() == null || finding.summary().isBlank() ? "" : " - " + finding.summary()));
        json.writeStringField("datetime", DateTimeFormatter.ISO_INSTANT.format(finding.time()));
        json.writeStringField("timestamp_desc", FINDING_DESC);
        json.writeStringField("data_type", "cloudsift:finding");
        List<String> tags = new ArrayList<>();
        tags.add(finding.title());
        tags.add("level:" + finding.level());
        tags.addAll(finding.attackIds());
        json.writeArrayFieldStart("tag");
        for (String tag : new LinkedHashSet<>(tags)) {
            json.writeString(tag);
        }
        json.writeEndArray();
        json.writeNumberField("finding_id", finding.findingId());
        json.writeStringField("rule_id", finding.ruleId());
        json.writeStringField("rule_title", finding.title());
        json.writeStringField("rule_level", finding.level());
        if (!finding.attackIds().isEmpty()) {
            json.writeStringField("attack_ids", String.join(", ", finding.attackIds()));
        }
        if (!finding.tags().isEmpty()) {
            json.writeStringField("rule_tags", String.join(", ", finding.tags()));
        }
        string(json, "kind", finding.kind());
        if (finding.firstTime() != null) {
            json.writeStringField("first_time", DateTimeFormatter.ISO_INSTANT.format(finding.firstTime()));
        }
        string(json, "source", finding.source());
        string(json, "account_id", finding.accountId());
        string(json, "region", finding.region());
        string(json, "principal", finding.principal());
        string(json, "src_ip", finding.srcIp());
        json.writeNumberField("event_count", finding.rowIds().size());
        json.writeEndObject();
    }

    private static void string(JsonGenerator json, String field, @Nullable String value) throws IOException {
        if (value != null) {
            json.writeStringField(field, value);
        }
    }
}
