package dev.cloudsift.detect;

import dev.cloudsift.core.Nullable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Builds field values that satisfy a rule's expression (honouring {@code not}), by a small backtracking search:
 * the "event built from the rule's own detection" of the conformance tests. A value of {@link #ABSENT} means the
 * field must not be in the record.
 */
final class MatchingRecords {
    static final String ABSENT = "\u0000absent";
    /** Separates fragments of one field's value that several contains tests asked for. */
    static final String SEPARATOR = "\u0001";

    private MatchingRecords() {}

    /** Field values making the expression true, or null when none exist (e.g. one field needing two values). */
    static @Nullable Map<String, String> satisfy(Expression expression) {
        Map<String, String> assignment = new LinkedHashMap<>();
        return satisfy(expression, true, assignment) ? assignment : null;
    }

    private static boolean satisfy(Expression expression, boolean wanted, Map<String, String> assignment) {
        if (expression instanceof Expression.Not not) {
            return satisfy(not.child(), !wanted, assignment);
        }
        if (expression instanceof Expression.Constant constant) {
            return constant.value() == wanted;
        }
        if (expression instanceof Expression.All all) {
            return wanted ? every(all.children(), true, assignment) : some(all.children(), 1, false, assignment);
        }
        if (expression instanceof Expression.AtLeast atLeast) {
            return wanted ? some(atLeast.children(), atLeast.minimum(), true, assignment)
                    : some(atLeast.children(), atLeast.children().size() - atLeast.minimum() + 1, false, assignment);
        }
        if (expression instanceof Expression.Keyword) {
            return !wanted;
        }
        Expression.Field field = (Expression.Field) expression;
        String current = assignment.get(field.field());
        if (current != null) {
            if (holds(field, current, assignment) == wanted) {
                return true;
            }
            if (wanted && !current.equals(ABSENT) && field.match() instanceof Match.Text text
                    && text.pattern().tokens().size() > 1 && text.pattern().tokens().get(0) == ValuePattern.Wildcard.MANY) {
                // several contains tests on one field: the value holds every fragment
                String combined = current + SEPARATOR + witness(field, assignment);
                if (holds(field, combined, assignment)) {
                    assignment.put(field.field(), combined);
                    return true;
                }
            }
            return false;
        }
        if (!wanted) {
            // leaving a field out falsifies every test but null/absence
            if (field.match() instanceof Match.Null || field.match() instanceof Match.Exists exists && !exists.present()) {
                assignment.put(field.field(), "x");
            } else {
                assignment.put(field.field(), ABSENT);
            }
            return true;
        }
        String value = witness(field, assignment);
        if (value == null) {
            return false;
        }
        assignment.put(field.field(), value);
        return holds(field, value, assignment);
    }

    private static boolean every(List<Expression> children, boolean wanted, Map<String, String> assignment) {
        for (Expression child : children) {
            if (!satisfy(child, wanted, assignment)) {
                return false;
            }
        }
        return true;
    }

    /** At least {@code count} children take the wanted value; tries each child on a copy and keeps what works. */
    private static boolean some(List<Expression> children, int count, boolean wanted, Map<String, String> assignment) {
        int satisfied = 0;
        for (Expression child : children) {
            Map<String, String> attempt = new LinkedHashMap<>(assignment);
            if (satisfy(child, wanted, attempt)) {
                assignment.clear();
                assignment.putAll(attempt);
                if (++satisfied >= count) {
                    return true;
                }
            }
        }
        return false;
    }

    private static @Nullable String witness(Expression.Field field, Map<String, String> assignment) {
        Match match = field.match();
        if (match instanceof Match.Null || match instanceof Match.Exists exists && !exists.present()) {
            return ABSENT;
        }
        if (match instanceof Match.Exists) {
            return "present";
        }
        if (match instanceof Match.Text text) {
            StringBuilder value = new StringBuilder();
            for (Object token : text.pattern().tokens()) {
                value.append(token instanceof String literal ? literal
                        : token == ValuePattern.Wildcard.ONE ? "x" : "");
            }
            return value.toString();
        }
        if (match instanceof Match.Compare compare) {
            return String.valueOf(switch (compare.comparison()) {
                case LT -> compare.bound() - 1;
                case GT -> compare.bound() + 1;
                default -> compare.bound();
            });
        }
        if (match instanceof Match.Cidr cidr) {
            return cidr.network().text().substring(0, cidr.network().text().indexOf('/'));
        }
        if (match instanceof Match.Regex regex) {
            String candidate = regex.regex().replaceAll("^\\(\\?[ims]+\\)", "").replace("^", "").replace("$", "")
                    .replace(".+", "a").replace(".*", "").replaceAll("\\\\(.)", "$1");
            return Pattern.compile(regex.regex()).matcher(candidate).find() ? candidate : null;
        }
        Match.FieldReference reference = (Match.FieldReference) match;
        String other = assignment.get(reference.otherField());
        if (other == null || other.equals(ABSENT)) {
            assignment.put(reference.otherField(), "shared-value");
            return "shared-value";
        }
        return other;
    }

    private static boolean holds(Expression.Field field, String value, Map<String, String> assignment) {
        RecordView view = new RecordView() {
            @Override
            public @Nullable String text(String name) {
                String found = assignment.getOrDefault(name, ABSENT);
                if (name.equals(field.field())) {
                    found = value;
                }
                return found.equals(ABSENT) ? null : found;
            }

            @Override
            public @Nullable Double number(String name) {
                try {
                    return text(name) == null ? null : Double.parseDouble(text(name));
                } catch (NumberFormatException e) {
                    return null;
                }
            }

            @Override
            public boolean exists(String name) {
                return text(name) != null;
            }

            @Override
            public @Nullable String recordText() {
                return null;
            }
        };
        return new JavaMatcher(field).matches(view);
    }
}
