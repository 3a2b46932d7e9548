package dev.cloudsift.detect;

import dev.cloudsift.core.Nullable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Compiles a rule's expression to a DuckDB predicate. A leaf SQL cannot express faithfully (regex features RE2
 * lacks, byte strings from utf16) compiles to null; the caller then evaluates in Java. The CIDR blocks a list tests
 * one field against compile together (see {@link CidrSql}), so the address is read once for all of them.
 * Every leaf under a {@code not} is wrapped in {@code coalesce(..., false)} so that a missing field is false, never
 * SQL's unknown: {@code not selection} must hold for a record without the field, exactly as in the Java evaluator.
 * (Outside a {@code not}, unknown and false both drop the row; an AND or OR of unknowns and falses never turns
 * true, and {@code x of} counts through CASE, which reads unknown as 0.)
 */
final class SqlCompiler {
    private static final Pattern RE2_UNSUPPORTED = Pattern.compile(
            "\\(\\?[=!>]|\\(\\?<[=!]|\\\\[1-9]|\\\\k<|[*+?}]\\+|\\\\[GZz]|\\(\\?[a-z]*[dux]");

    /** The lambda parameter a JSON field's value is bound to (see {@link #jsonTests}). */
    private static final String JSON_VALUE = "cloudsift_json_value";

    private final Map<String, FieldLocation> fields;
    private final FieldSql sql;
    private boolean readsEvents;
    private int negations;

    SqlCompiler(Map<String, FieldLocation> fields, FieldSql sql) {
        this.fields = fields;
        this.sql = sql;
    }

    boolean readsEvents() {
        return readsEvents;
    }

    /** The predicate, or null when some part needs Java. */
    @Nullable String compile(Expression expression) {
        if (expression instanceof Expression.All all) {
            return join(all.children(), " AND ");
        }
        if (expression instanceof Expression.AtLeast atLeast) {
            if (atLeast.minimum() == 1) {
                return anyOf(atLeast.children());
            }
            List<String> counts = new ArrayList<>();
            for (Expression child : atLeast.children()) {
                String compiled = compile(child);
                if (compiled == null) {
                    return null;
                }
                counts.add("(CASE WHEN " + compiled + " THEN 1 ELSE 0 END)");
            }
            return "((" + String.join(" + ", counts) + ") >= " + atLeast.minimum() + ")";
        }
        if (expression instanceof Expression.Not not) {
            negations++;
            String child = compile(not.child());
            negations--;
            return child == null ? null : "(NOT " + child + ")";
        }
        if (expression instanceof Expression.Constant constant) {
            return constant.value() ? "TRUE" : "FALSE";
        }
        if (expression instanceof Expression.Keyword keyword) {
            if (sql.textReadsEvents()) {
                readsEvents = true;
            }
            return unknownIsFalse(match(sql.recordText(), null, null, keyword.match()));
        }
        Expression.Field field = (Expression.Field) expression;
        FieldLocation location = location(field.field());
        String leaf = match(sql.text(location), location, field.field(), field.match());
        if (leaf != null && location.place() == FieldLocation.Place.JSON
                && (field.match() instanceof Match.Text || field.match() instanceof Match.Regex)) {
            // JSON kept as a string inside the value is tried decoded too (see EmbeddedJson)
            String decoded = match("embedded", location, field.field(), field.match());
            if (decoded == null) {
                return null;
            }
            leaf = "(" + leaf + " OR coalesce(len(list_filter(" + sql.embeddedJson(location)
                    + ", lambda embedded: " + decoded + ")) > 0, FALSE))";
        }
        return unknownIsFalse(leaf);
    }

    /** Under a NOT, SQL's unknown must read as false; elsewhere WHERE already drops it, and the bare leaf is cheaper. */
    private @Nullable String unknownIsFalse(@Nullable String leaf) {
        if (leaf == null || negations == 0) {
            return leaf;
        }
        return "coalesce(" + leaf + ", FALSE)";
    }

    /** The expressible conjuncts of a top-level AND: a prefilter that keeps every row the whole rule can match. */
    @Nullable String prefilter(Expression expression) {
        List<Expression> conjuncts = expression instanceof Expression.All all ? all.children() : List.of(expression);
        List<String> parts = new ArrayList<>();
        for (Expression conjunct : conjuncts) {
            String compiled = compile(conjunct);
            if (compiled != null) {
                parts.add(compiled);
            }
        }
        return parts.isEmpty() ? null : "(" + String.join(" AND ", parts) + ")";
    }

    /** An OR; the CIDR tests of one field in it (nested ORs included, as a placeholder expands) become one test. */
    private @Nullable String anyOf(List<Expression> children) {
        Map<String, List<IpNetwork>> blocks = new LinkedHashMap<>();
        List<Expression> others = new ArrayList<>();
        collectBlocks(children, blocks, others);
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, List<IpNetwork>> field : blocks.entrySet()) {
            String within = CidrSql.within(sql.text(location(field.getKey())), field.getValue());
            if (within == null) {
                return null;
            }
            parts.add(unknownIsFalse(within));
        }
        Map<String, List<Match>> jsonTests = new LinkedHashMap<>();
        for (Expression child : others) {
            if (child instanceof Expression.Field field && readsJsonText(field)) {
                jsonTests.computeIfAbsent(field.field(), name -> new ArrayList<>()).add(field.match());
            }
        }
        jsonTests.values().removeIf(tests -> tests.size() < 2);
        for (Map.Entry<String, List<Match>> field : jsonTests.entrySet()) {
            String tests = jsonTests(location(field.getKey()), field.getKey(), field.getValue());
            if (tests == null) {
                return null;
            }
            parts.add(unknownIsFalse(tests));
        }
        Map<String, List<String>> equalities = new LinkedHashMap<>();
        for (Expression child : others) {
            String value = child instanceof Expression.Field field ? plainEquality(field) : null;
            if (value != null) {
                equalities.computeIfAbsent(((Expression.Field) child).field(), name -> new ArrayList<>()).add(value);
            }
        }
        equalities.values().removeIf(values -> values.size() < 2);
        for (Map.Entry<String, List<String>> field : equalities.entrySet()) {
            // one lower() and one IN instead of a lower() and a comparison per value (a rule listing 70 API names
            // lower-cased every event's name 70 times)
            List<String> literals = field.getValue().stream().map(SqlText::literal).toList();
            parts.add(unknownIsFalse("(lower(" + sql.text(location(field.getKey())) + ") IN ("
                    + String.join(", ", literals) + "))"));
        }
        for (Expression child : others) {
            if (child instanceof Expression.Field field && jsonTests.containsKey(field.field()) && readsJsonText(field)) {
                continue;
            }
            if (child instanceof Expression.Field field && equalities.containsKey(field.field())
                    && plainEquality(field) != null) {
                continue;
            }
            String compiled = compile(child);
            if (compiled == null) {
                return null;
            }
            parts.add(compiled);
        }
        return "(" + String.join(" OR ", parts) + ")";
    }

    /**
     * The lower-cased value of a case-insensitive equality without wildcards on a column that is not JSON (compiled
     * alone as {@code lower(column) = 'value'}), or null for any other test.
     */
    private @Nullable String plainEquality(Expression.Field field) {
        FieldLocation location = fields.get(field.field());
        if (location == null || location.place() == FieldLocation.Place.JSON
                || !(field.match() instanceof Match.Text text) || text.cased() || text.pattern().hasWildcards()) {
            return null;
        }
        String value = text.pattern().lowerCase().text();
        return SqlText.representable(value) ? value : null;
    }

    /** Whether a field test reads a JSON value as text (and so also tries the JSON kept as strings inside it). */
    private boolean readsJsonText(Expression.Field field) {
        FieldLocation location = fields.get(field.field());
        return location != null && location.place() == FieldLocation.Place.JSON
                && (field.match() instanceof Match.Text || field.match() instanceof Match.Regex);
    }

    /**
     * Several text or regex tests of one JSON field in an OR, with the value extracted once: each test on its own
     * extracts the value from the JSON again, and the embedded-JSON check several times more (a rule listing 36
     * instance type prefixes parsed each row's request some 300 times). The value is bound to a lambda parameter;
     * the embedded strings are listed once and tried against every test. Null when a test needs Java.
     */
    private @Nullable String jsonTests(FieldLocation location, String field, List<Match> tests) {
        List<String> plain = new ArrayList<>();
        List<String> decoded = new ArrayList<>();
        for (Match test : tests) {
            String leaf = match(JSON_VALUE, location, field, test);
            String embedded = match("embedded", location, field, test);
            if (leaf == null || embedded == null) {
                return null;
            }
            plain.add(leaf);
            decoded.add(embedded);
        }
        return "list_transform([" + sql.text(location) + "], lambda " + JSON_VALUE + ": (" + String.join(" OR ", plain)
                + " OR coalesce(len(list_filter(" + EmbeddedJson.sql(JSON_VALUE) + ", lambda embedded: "
                + String.join(" OR ", decoded) + ")) > 0, FALSE)))[1]";
    }

    private static void collectBlocks(List<Expression> children, Map<String, List<IpNetwork>> blocks,
                                      List<Expression> others) {
        for (Expression child : children) {
            if (child instanceof Expression.AtLeast nested && nested.minimum() == 1) {
                collectBlocks(nested.children(), blocks, others);
            } else if (child instanceof Expression.Field field && field.match() instanceof Match.Cidr cidr) {
                blocks.computeIfAbsent(field.field(), name -> new ArrayList<>()).add(cidr.network());
            } else {
                others.add(child);
            }
        }
    }

    private @Nullable String join(List<Expression> children, String operator) {
        List<String> parts = new ArrayList<>();
        for (Expression child : children) {
            String compiled = compile(child);
            if (compiled == null) {
                return null;
            }
            parts.add(compiled);
        }
        return "(" + String.join(operator, parts) + ")";
    }

    private FieldLocation location(String field) {
        FieldLocation location = fields.get(field);
        if (location == null) {
            throw new IllegalStateException("field " + field + " was not resolved at load");
        }
        if (sql.readsEvents(location)) {
            readsEvents = true;
        }
        return location;
    }

    private @Nullable String match(String value, @Nullable FieldLocation location, @Nullable String field,
                                   Match match) {
        if (match instanceof Match.Text text) {
            // case-insensitive tests compare lower(value) with lower-cased literals: DuckDB plans '=' and LIKE on
            // lower() far better than ILIKE ... ESCAPE, and the Java evaluator lower-cases the same way
            ValuePattern pattern = text.cased() ? text.pattern() : text.pattern().lowerCase();
            String subject = text.cased() ? value : "lower(" + value + ")";
            if (!pattern.hasWildcards()) {
                return SqlText.representable(pattern.text())
                        ? "(" + subject + " = " + SqlText.literal(pattern.text()) + ")" : null;
            }
            String like = pattern.toLike();
            if (!SqlText.representable(like)) {
                return null;
            }
            return "(" + subject + " LIKE " + SqlText.literal(like) + " ESCAPE '\\')";
        }
        if (match instanceof Match.Regex regex) {
            if (RE2_UNSUPPORTED.matcher(regex.regex()).find() || !SqlText.representable(regex.regex())) {
                return null;
            }
            String re2 = regex.regex().replace("(?<", "(?P<");
            return "regexp_matches(" + value + ", " + SqlText.literal(re2) + ")";
        }
        if (match instanceof Match.Cidr cidr) {
            return CidrSql.within(value, List.of(cidr.network()));
        }
        if (match instanceof Match.Compare compare) {
            String number = location == null ? "TRY_CAST(" + value + " AS DOUBLE)" : sql.number(location);
            return "(" + number + " " + compare.comparison().sql + " " + SqlText.number(compare.bound()) + ")";
        }
        if (match instanceof Match.TimePart time) {
            return "(" + time.part().sql(sql.timestamp(location)) + " " + time.comparison().sql + " "
                    + time.bound() + ")";
        }
        if (match instanceof Match.Exists exists) {
            if (location == null) {
                return exists.present() ? "(" + value + " IS NOT NULL)" : "(" + value + " IS NULL)";
            }
            return exists.present() ? sql.exists(location) : "(NOT " + sql.exists(location) + ")";
        }
        if (match instanceof Match.Null) {
            return "(" + value + " IS NULL)";
        }
        Match.FieldReference reference = (Match.FieldReference) match;
        String other = sql.text(location(reference.otherField()));
        String left = reference.cased() ? value : "lower(" + value + ")";
        String right = reference.cased() ? other : "lower(" + other + ")";
        return switch (reference.relation()) {
            case EQUALS -> "(" + left + " = " + right + ")";
            case CONTAINS -> "(strpos(" + left + ", " + right + ") > 0)";
            case STARTS_WITH -> "starts_with(" + left + ", " + right + ")";
            case ENDS_WITH -> "ends_with(" + left + ", " + right + ")";
        };
    }
}
