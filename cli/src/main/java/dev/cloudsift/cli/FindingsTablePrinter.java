package dev.cloudsift.cli;

import dev.cloudsift.cli.output.ResultPrinter;
import dev.cloudsift.core.Json;
import dev.cloudsift.detect.Level;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The hunt's table view: one line per rule with count, first/last time, top principals and IPs, ATT&CK ids. */
final class FindingsTablePrinter {
    private static final int TOP = 3;

    private FindingsTablePrinter() {}

    /** Per-rule totals built while streaming the findings. */
    private static final class RuleTotals {
        String level;
        String title;
        String ruleId;
        String tags;
        long count;
        String first;
        String last;
        final Map<String, Long> principals = new HashMap<>();
        final Map<String, Long> addresses = new HashMap<>();
    }

    /** Prints the findings that {@code filter} (a SQL condition on the findings table) selects. */
    static void print(Connection connection, String filter, PrintWriter out) throws Exception {
        Map<String, RuleTotals> totals = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT rule_id, title, level, CAST(tags AS VARCHAR), time, "
                     + "principal, src_ip FROM findings WHERE " + filter + " ORDER BY time, finding_id")) {
            while (rows.next()) {
                RuleTotals rule = totals.computeIfAbsent(rows.getString(1), id -> new RuleTotals());
                rule.ruleId = rows.getString(1);
                rule.title = rows.getString(2);
                rule.level = rows.getString(3);
                rule.tags = rows.getString(4);
                rule.count++;
                String time = ResultPrinter.text(rows.getObject(5));
                if (rule.first == null) {
                    rule.first = time;
                }
                rule.last = time;
                if (rows.getString(6) != null) {
                    rule.principals.merge(shortName(rows.getString(6)), 1L, Long::sum);
                }
                if (rows.getString(7) != null) {
                    rule.addresses.merge(rows.getString(7), 1L, Long::sum);
                }
            }
        }
        if (totals.isEmpty()) {
            out.println("No findings.");
            return;
        }
        List<RuleTotals> ordered = new ArrayList<>(totals.values());
        ordered.sort(Comparator.comparing((RuleTotals rule) -> Level.parse(rule.level)).reversed()
                .thenComparing(rule -> -rule.count));
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"LEVEL", "COUNT", "RULE", "FIRST", "LAST", "TOP PRINCIPALS", "TOP IPS", "ATT&CK"});
        long findings = 0;
        for (RuleTotals rule : ordered) {
            findings += rule.count;
            rows.add(new String[] {rule.level, String.valueOf(rule.count), rule.title, rule.first, rule.last,
                    top(rule.principals), top(rule.addresses), attack(rule.tags)});
        }
        TextTable.print(rows, out, 60);
        out.println(findings + " finding" + (findings == 1 ? "" : "s") + " from " + totals.size() + " rule"
                + (totals.size() == 1 ? "" : "s") + " (details: --format jsonl, or query the findings table)");
    }

    private static String top(Map<String, Long> counts) {
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(TOP)
                .map(entry -> entry.getKey() + " (" + entry.getValue() + ")")
                .collect(Collectors.joining(", "));
    }

    /** ARNs are long; the part after the last slash names the principal well enough in a table. */
    private static String shortName(String principal) {
        int slash = principal.lastIndexOf('/');
        return principal.startsWith("arn:") && slash > 0 ? principal.substring(slash + 1) : principal;
    }

    private static String attack(String tags) throws Exception {
        List<String> ids = new ArrayList<>();
        if (tags != null) {
            Json.MAPPER.readTree(tags).forEach(tag -> {
                String text = tag.asText();
                if (text.matches("attack\\.t\\d{4}(\\.\\d{3})?")) {
                    ids.add(text.substring("attack.".length()).toUpperCase(Locale.ROOT));
                }
            });
        }
        return String.join(" ", ids);
    }
}
