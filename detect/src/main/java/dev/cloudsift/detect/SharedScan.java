package dev.cloudsift.detect;

import dev.cloudsift.core.Nullable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The one query that evaluates several rules over one table and lists, per row, the rules it matches. Most rules
 * of a source test one column for a few values first ({@code eventSource} for CloudTrail): that column becomes the
 * scan's gate, read once per row, and a row evaluates only the rules gated on its value plus the rules without a
 * gate, instead of every rule. Each rule's whole predicate still decides; the gate only skips rules that cannot
 * hold (a gate value is a case-insensitive equality the rule requires).
 */
final class SharedScan {
    /** Name of the gate column the query adds to the scanned table. */
    private static final String GATE = "cloudsift_gate";

    private SharedScan() {}

    /** One rule of the scan: its index (recorded with its matches), the rule, and its compiled predicate. */
    record Member(int index, Rule.Detection rule, String predicate) {}

    /**
     * The {@code SELECT} of {@code (rule_index, row_id)} for every match of the members: the scanned {@code table}
     * under {@code alias} ({@code s}, or {@code e} for rules over {@code events}), then {@code join} (the events
     * view beside it, or nothing).
     */
    static String select(List<Member> members, String table, String alias, String join, CaseTables tables) {
        String from = SqlText.identifier(table) + " " + alias + join;
        String rowId = alias + ".row_id";
        String column = gateColumn(members, tables);
        Map<String, List<Member>> byValue = new TreeMap<>();
        List<Member> ungated = new ArrayList<>();
        for (Member member : members) {
            Set<String> values = column == null ? null : gate(member.rule(), member.rule().expression(), column, tables);
            if (values == null) {
                ungated.add(member);
            } else {
                for (String value : values) {
                    byValue.computeIfAbsent(value, v -> new ArrayList<>()).add(member);
                }
            }
        }
        if (byValue.isEmpty()) {
            // no gate: the OR drops rows no rule matches before the per-rule list is built
            StringBuilder any = new StringBuilder();
            for (Member member : members) {
                any.append(any.length() == 0 ? "" : " OR ").append(member.predicate());
            }
            return "SELECT unnest(hits), row_id FROM (SELECT " + rowId + " AS row_id, " + list(members)
                    + " AS hits FROM " + from + " WHERE " + any + ")";
        }
        StringBuilder gated = new StringBuilder("coalesce(CASE ").append(alias).append('.').append(GATE);
        for (Map.Entry<String, List<Member>> value : byValue.entrySet()) {
            gated.append(" WHEN ").append(SqlText.literal(value.getKey())).append(" THEN ").append(list(value.getValue()));
        }
        gated.append(" END, CAST([] AS INTEGER[]))");
        String hits = ungated.isEmpty() ? gated.toString() : "list_concat(" + gated + ", " + list(ungated) + ")";
        // the gate is computed once per row in a projection over the table, under the same alias
        String gateTable = "(SELECT *, lower(" + alias + "." + SqlText.identifier(column) + ") AS " + GATE + " FROM "
                + SqlText.identifier(table) + " " + alias + ") " + alias;
        return "SELECT unnest(hits), row_id FROM (SELECT " + rowId + " AS row_id, " + hits + " AS hits FROM "
                + gateTable + join + ")";
    }

    /** The members' indexes whose predicate holds, as a list (a rule listed once even when gated twice). */
    private static String list(List<Member> members) {
        StringBuilder list = new StringBuilder("list_filter([");
        for (int i = 0; i < members.size(); i++) {
            Member member = members.get(i);
            // CASE reads unknown as no match, exactly as WHERE does
            list.append(i == 0 ? "" : ", ").append("CASE WHEN ").append(member.predicate()).append(" THEN ")
                    .append(member.index()).append(" END");
        }
        return list.append("], hit -> hit IS NOT NULL)").toString();
    }

    /** The text column of the scanned table that gates the most members (null: none gates two). */
    private static @Nullable String gateColumn(List<Member> members, CaseTables tables) {
        Map<String, Integer> gatedBy = new HashMap<>();
        for (Member member : members) {
            Set<String> candidates = new TreeSet<>();
            columns(member.rule(), member.rule().expression(), tables, candidates);
            for (String column : candidates) {
                if (gate(member.rule(), member.rule().expression(), column, tables) != null) {
                    gatedBy.merge(column, 1, Integer::sum);
                }
            }
        }
        String best = null;
        for (Map.Entry<String, Integer> entry : new TreeMap<>(gatedBy).entrySet()) {
            if (entry.getValue() >= 2 && (best == null || entry.getValue() > gatedBy.get(best))) {
                best = entry.getKey();
            }
        }
        return best;
    }

    /** Columns of the scanned table a rule tests for equality (gate candidates). */
    private static void columns(Rule.Detection rule, Expression expression, CaseTables tables, Set<String> into) {
        if (expression instanceof Expression.All all) {
            all.children().forEach(child -> columns(rule, child, tables, into));
        } else if (expression instanceof Expression.AtLeast atLeast) {
            atLeast.children().forEach(child -> columns(rule, child, tables, into));
        } else if (expression instanceof Expression.Field field) {
            String column = gateable(rule, field, tables);
            if (column != null) {
                into.add(column);
            }
        }
    }

    /**
     * The lower-cased values one of which the column must hold for the expression to hold, or null when the
     * expression does not require that.
     */
    static @Nullable Set<String> gate(Rule.Detection rule, Expression expression, String column, CaseTables tables) {
        if (expression instanceof Expression.All all) {
            Set<String> best = null;
            for (Expression child : all.children()) {
                Set<String> values = gate(rule, child, column, tables);
                if (values != null && (best == null || values.size() < best.size())) {
                    best = values;
                }
            }
            return best;
        }
        if (expression instanceof Expression.AtLeast atLeast && atLeast.minimum() == 1) {
            Set<String> union = new TreeSet<>();
            for (Expression child : atLeast.children()) {
                Set<String> values = gate(rule, child, column, tables);
                if (values == null) {
                    return null;
                }
                union.addAll(values);
            }
            return union.isEmpty() ? null : union;
        }
        if (expression instanceof Expression.Field field && column.equals(gateable(rule, field, tables))) {
            Match.Text text = (Match.Text) field.match();
            return Set.of(text.pattern().lowerCase().text());
        }
        return null;
    }

    /**
     * The column a field test reads when it is a case-insensitive equality, without wildcards, on a text column of
     * the scanned table itself (compiled as {@code lower(column) = 'value'}); null otherwise.
     */
    private static @Nullable String gateable(Rule.Detection rule, Expression.Field field, CaseTables tables) {
        if (!(field.match() instanceof Match.Text text) || text.cased() || text.pattern().hasWildcards()) {
            return null;
        }
        FieldLocation location = rule.fields().get(field.field());
        if (location == null || location.place() == FieldLocation.Place.JSON) {
            return null;
        }
        boolean eventsOnly = rule.service().eventsOnly();
        if (!eventsOnly && location.place() != FieldLocation.Place.SOURCE) {
            return null;
        }
        String table = eventsOnly ? "events" : rule.service().table();
        if (!"VARCHAR".equals(tables.type(table, location.column()))
                || !SqlText.representable(text.pattern().lowerCase().text())) {
            return null;
        }
        return location.column();
    }
}
