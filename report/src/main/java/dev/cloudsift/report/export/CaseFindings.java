package dev.cloudsift.report.export;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cloudsift.core.Json;
import dev.cloudsift.investigate.CaseTables;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The case's findings, loaded once, with the events each matched ({@code findings.row_ids}) indexed by row.
 * A hunt keeps findings to a few thousand at most, so they fit in memory beside a streamed export.
 */
public final class CaseFindings {
    private final List<ExportFinding> findings;
    private final Map<Long, List<ExportFinding>> byRow = new HashMap<>();

    private CaseFindings(List<ExportFinding> findings) {
        this.findings = List.copyOf(findings);
        for (ExportFinding finding : findings) {
            for (Long rowId : finding.rowIds()) {
                byRow.computeIfAbsent(rowId, id -> new ArrayList<>()).add(finding);
            }
        }
    }

    /** Every finding of the case in time order; none when the case was never hunted. */
    public static CaseFindings load(Connection connection) throws SQLException {
        if (!CaseTables.exists(connection, "findings")) {
            return new CaseFindings(List.of());
        }
        Set<String> columns = CaseTables.columns(connection, "findings");
        String sql = "SELECT " + column(columns, "finding_id", "NULL") + ", rule_id, title, level, "
                + column(columns, "tags", "NULL") + ", " + column(columns, "kind", "NULL") + ", time, "
                + column(columns, "first_time", "NULL") + ", " + column(columns, "source", "NULL") + ", "
                + column(columns, "row_ids", "NULL") + ", " + column(columns, "account_id", "NULL") + ", "
                + column(columns, "region", "NULL") + ", principal, " + column(columns, "src_ip", "NULL") + ", "
                + column(columns, "summary", "NULL") + " FROM findings ORDER BY time NULLS FIRST, rule_id";
        List<ExportFinding> findings = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
            long ordinal = 0;
            while (row.next()) {
                ordinal++;
                long id = row.getObject(1) == null ? ordinal : row.getLong(1);
                findings.add(new ExportFinding(id, nonNull(row.getString(2)), nonNull(row.getString(3)),
                        nonNull(row.getString(4)), strings(row.getString(5)), row.getString(6), CaseTables.instant(row, 7),
                        CaseTables.instant(row, 8), row.getString(9), longs(row.getString(10)), row.getString(11),
                        row.getString(12), row.getString(13), row.getString(14), row.getString(15)));
            }
        }
        return new CaseFindings(findings);
    }

    public List<ExportFinding> all() {
        return findings;
    }

    /** The findings that matched this event row, highest level first. */
    public List<ExportFinding> matching(long rowId) {
        List<ExportFinding> matched = byRow.getOrDefault(rowId, List.of());
        if (matched.size() > 1) {
            matched = new ArrayList<>(matched);
            matched.sort(Comparator.comparingInt((ExportFinding f) -> -ExportFinding.severityId(f.level())));
        }
        return matched;
    }

    private static String column(Set<String> columns, String name, String otherwise) {
        return columns.contains(name) ? name : otherwise + " AS " + name;
    }

    private static String nonNull(String value) {
        return value == null ? "" : value;
    }

    private static List<String> strings(String json) {
        List<String> values = new ArrayList<>();
        for (JsonNode item : array(json)) {
            if (item.isValueNode()) {
                values.add(item.asText());
            }
        }
        return values;
    }

    private static List<Long> longs(String json) {
        List<Long> values = new ArrayList<>();
        for (JsonNode item : array(json)) {
            if (item.canConvertToLong()) {
                values.add(item.asLong());
            }
        }
        return values;
    }

    private static JsonNode array(String json) {
        if (json == null || json.isBlank()) {
            return Json.MAPPER.createArrayNode();
        }
        try {
            JsonNode node = Json.MAPPER.readTree(json);
            return node != null && node.isArray() ? node : Json.MAPPER.createArrayNode();
        } catch (IOException e) {
            return Json.MAPPER.createArrayNode();
        }
    }
}
