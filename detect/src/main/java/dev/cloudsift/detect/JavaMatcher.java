package dev.cloudsift.detect;

import dev.cloudsift.core.Nullable;
import java.time.LocalDateTime;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Evaluates a rule's expression over one record in Java: the fallback for what SQL cannot express. */
final class JavaMatcher {
    private final Expression expression;
    private final Set<String> jsonFields;
    private final Map<Match, Pattern> patterns = new IdentityHashMap<>();

    JavaMatcher(Expression expression) {
        this(expression, Set.of());
    }

    /** {@code jsonFields}: the fields read from JSON, whose text tests also try embedded JSON decoded. */
    JavaMatcher(Expression expression, Set<String> jsonFields) {
        this.expression = expression;
        this.jsonFields = Set.copyOf(jsonFields);
    }

    boolean matches(RecordView record) {
        return evaluate(expression, record);
    }

    private boolean evaluate(Expression node, RecordView record) {
        if (node instanceof Expression.All all) {
            for (Expression child : all.children()) {
                if (!evaluate(child, record)) {
                    return false;
                }
            }
            return true;
        }
        if (node instanceof Expression.AtLeast atLeast) {
            int holding = 0;
            for (Expression child : atLeast.children()) {
                if (evaluate(child, record) && ++holding >= atLeast.minimum()) {
                    return true;
                }
            }
            return false;
        }
        if (node instanceof Expression.Not not) {
            return !evaluate(not.child(), record);
        }
        if (node instanceof Expression.Constant constant) {
            return constant.value();
        }
        if (node instanceof Expression.Keyword keyword) {
            return test(keyword.match(), record.recordText(), null, record);
        }
        Expression.Field field = (Expression.Field) node;
        String value = record.text(field.field());
        if (test(field.match(), value, field.field(), record)) {
            return true;
        }
        if (jsonFields.contains(field.field())
                && (field.match() instanceof Match.Text || field.match() instanceof Match.Regex)) {
            for (String decoded : EmbeddedJson.of(value)) {
                if (test(field.match(), decoded, field.field(), record)) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean test(Match match, @Nullable String value, @Nullable String field, RecordView record) {
        if (match instanceof Match.Null) {
            return value == null;
        }
        if (match instanceof Match.Exists exists) {
            boolean present = field == null ? value != null : record.exists(field);
            return present == exists.present();
        }
        if (match instanceof Match.Compare compare) {
            Double number = field == null ? parse(value) : record.number(field);
            return number != null && compare.comparison().test(number, compare.bound());
        }
        if (value == null) {
            return false;
        }
        if (match instanceof Match.Text text) {
            if (text.cased()) {
                return pattern(match, () -> text.pattern().toRegex(true)).matcher(value).matches();
            }
            return pattern(match, () -> text.pattern().lowerCase().toRegex(true))
                    .matcher(value.toLowerCase(Locale.ROOT)).matches();
        }
        if (match instanceof Match.Regex regex) {
            return pattern(match, () -> Pattern.compile(FieldTestCompiler.javaRegex(regex.regex())))
                    .matcher(value).find();
        }
        if (match instanceof Match.TimePart time) {
            LocalDateTime utc = UtcTimestamp.parse(value);
            return utc != null && time.comparison().test(time.part().of(utc), time.bound());
        }
        if (match instanceof Match.Cidr cidr) {
            return cidr.network().contains(value);
        }
        Match.FieldReference reference = (Match.FieldReference) match;
        String other = record.text(reference.otherField());
        if (other == null) {
            return false;
        }
        String left = reference.cased() ? value : value.toLowerCase(Locale.ROOT);
        String right = reference.cased() ? other : other.toLowerCase(Locale.ROOT);
        return switch (reference.relation()) {
            case EQUALS -> left.equals(right);
            case CONTAINS -> left.contains(right);
            case STARTS_WITH -> left.startsWith(right);
            case ENDS_WITH -> left.endsWith(right);
        };
    }

    private Pattern pattern(Match match, java.util.function.Supplier<Pattern> compile) {
        return patterns.computeIfAbsent(match, key -> compile.get());
    }

    private static @Nullable Double parse(@Nullable String value) {
        if (value == null) {
            return null;
        }
        try {
            return Double.parseDouble(value.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
