package dev.cloudsift.detect;

import java.util.ArrayList;
import java.util.List;

/**
 * The SQL that lists the rows referenced rules matched, with the event columns findings need and the values
 * (group-by, value field, first-seen fields) a correlation reads, as {@code k0, k1, ...} and {@code v}.
 */
final class MatchedRows {
    private MatchedRows() {}

    /** A referenced detection rule and the index its matches were recorded under. */
    record Reference(int index, int position, Rule.Detection rule) {}

    static String query(Rule.Correlation correlation, List<Reference> references, List<String> keys,
                        boolean withValue, CaseTables tables) {
        List<String> parts = new ArrayList<>();
        for (Reference reference : references) {
            Rule.Detection rule = reference.rule();
            FieldSql fieldSql = new FieldSql(rule.service(), tables);
            StringBuilder select = new StringBuilder("SELECT m.row_id, e.event_time AS t, ")
                    .append(reference.position()).append(" AS r, e.source, e.event_id, e.account_id, e.region, ")
                    .append("e.principal, e.src_ip");
            List<String> notNull = new ArrayList<>();
            for (int i = 0; i < keys.size(); i++) {
                String value = fieldSql.text(location(correlation, rule, keys.get(i)));
                select.append(", ").append(value).append(" AS k").append(i);
                notNull.add(value + " IS NOT NULL");
            }
            if (withValue) {
                select.append(", ").append(fieldSql.text(location(correlation, rule, correlation.field())))
                        .append(" AS v");
            } else {
                select.append(", NULL AS v");
            }
            select.append(" FROM ").append(DetectionRunner.MATCHES).append(" m JOIN events e ON e.row_id = m.row_id");
            if (!rule.service().eventsOnly()) {
                select.append(" JOIN ").append(SqlText.identifier(rule.service().table()))
                        .append(" s ON s.row_id = m.row_id");
            }
            select.append(" WHERE m.rule_index = ").append(reference.index()).append(" AND e.event_time IS NOT NULL");
            for (String condition : notNull) {
                select.append(" AND ").append(condition);
            }
            parts.add(select.toString());
        }
        return String.join(" UNION ALL ", parts);
    }

    private static FieldLocation location(Rule.Correlation correlation, Rule.Detection rule, String name) {
        String field = RuleLoader.fieldFor(correlation, rule, name);
        FieldLocation location = rule.fields().get(field);
        if (location == null) {
            throw new IllegalStateException("correlation field " + field + " was not resolved at load");
        }
        return location;
    }
}
