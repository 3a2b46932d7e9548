package dev.cloudsift.detect;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns one detection item ({@code field|modifier|modifier: value(s)}) into an {@link Expression}.
 *
 * <p>Placeholders expand first; the value transformations (windash, utf16, base64, base64offset) then run at load
 * time in the order written,
 * so that what reaches the evaluators is only plain patterns, regexes, CIDR blocks and comparisons.
 */
final class FieldTestCompiler {
    static final Set<String> MODIFIERS = Set.of("contains", "startswith", "endswith", "all", "re", "i", "m", "s",
            "base64", "base64offset", "utf16le", "utf16be", "utf16", "wide", "windash", "cidr", "exists", "lt",
            "lte", "gt", "gte", "fieldref", "expand", "cased", "neq", "minute", "hour", "day", "week", "month", "year");
    /** pySigma's long names for the regex flags. */
    private static final java.util.Map<String, String> ALIASES = java.util.Map.of("ignorecase", "i", "multiline", "m",
            "dotall", "s");
    private static final List<String> COMPARISONS = List.of("lt", "lte", "gt", "gte");
    private static final int MAX_WINDASH_POSITIONS = 4;
    private static final char[] DASHES = {'-', '/', '\u2013', '\u2014', '\u2015'};

    private final Placeholders placeholders;

    FieldTestCompiler(Placeholders placeholders) {
        this.placeholders = placeholders;
    }

    /** {@code key} is {@code field|modifiers} (an empty field is a keyword search); {@code value} a scalar or list. */
    Expression compile(String key, Object value) {
        String[] parts = key.split("\\|", -1);
        String field = parts[0];
        List<String> modifiers = new ArrayList<>();
        for (int i = 1; i < parts.length; i++) {
            String modifier = parts[i].toLowerCase(Locale.ROOT);
            modifier = ALIASES.getOrDefault(modifier, modifier);
            if (!MODIFIERS.contains(modifier)) {
                throw new RuleException("unknown modifier '" + parts[i] + "' on '" + key + "'");
            }
            modifiers.add(modifier);
        }
        List<Object> values = value instanceof List<?> list ? new ArrayList<>(list) : listOf(value);
        boolean all = modifiers.contains("all");
        boolean negated = modifiers.remove("neq");
        DatePart timePart = timePart(key, field, modifiers);
        if (negated) {
            checkNegatable(key, field, modifiers);
        }
        List<Expression> tests = new ArrayList<>();
        for (Object single : values) {
            if (single instanceof java.util.Map<?, ?> || single instanceof List<?>) {
                throw new RuleException("value of '" + key + "' must be a scalar or a list of scalars, found "
                        + RuleYaml.describe(single));
            }
            tests.add(timePart != null ? timeTest(field, key, modifiers, timePart, (String) single, negated)
                    : compileValue(field, key, modifiers, (String) single));
        }
        if (values.isEmpty()) {
            throw new RuleException("'" + key + "' has an empty list of values");
        }
        if (negated && timePart != null) {
            // each test already says "differs"; differing from the listed values means from every one of them
            return Expression.all(tests);
        }
        Expression positive = all ? Expression.all(tests) : Expression.any(tests);
        return negated ? negation(field, modifiers, values, positive) : positive;
    }

    /**
     * {@code neq}: the field has a value and the same item without {@code neq} does not match it, so
     * {@code neq: [a, b]} is "neither a nor b" and {@code fieldref|neq} needs both fields to have values.
     */
    private static Expression negation(String field, List<String> modifiers, List<Object> values,
                                       Expression positive) {
        List<Expression> parts = new ArrayList<>();
        parts.add(new Expression.Not(new Expression.Field(field, new Match.Null())));
        if (modifiers.contains("fieldref")) {
            for (Object other : values) {
                if (other != null) {
                    parts.add(new Expression.Not(new Expression.Field((String) other, new Match.Null())));
                }
            }
        }
        parts.add(new Expression.Not(positive));
        return Expression.all(parts);
    }

    private static void checkNegatable(String key, String field, List<String> modifiers) {
        if (field.isEmpty()) {
            throw new RuleException("'" + key + "': neq needs a field (a keyword cannot differ)");
        }
        for (String modifier : List.of("exists", "lt", "lte", "gt", "gte")) {
            if (modifiers.contains(modifier)) {
                throw new RuleException("'" + key + "': neq cannot be combined with " + modifier);
            }
        }
    }

    /** The time modifier of an item, if any; it reads a date and takes only comparisons, all and expand. */
    private static DatePart timePart(String key, String field, List<String> modifiers) {
        DatePart found = null;
        for (String modifier : modifiers) {
            DatePart part = DatePart.of(modifier);
            if (part == null) {
                continue;
            }
            if (found != null) {
                throw new RuleException("'" + key + "' has two time modifiers (" + found.label() + ", "
                        + part.label() + ")");
            }
            found = part;
        }
        if (found == null) {
            return null;
        }
        if (field.isEmpty()) {
            throw new RuleException("'" + key + "': a time modifier needs a field");
        }
        for (String modifier : modifiers) {
            if (DatePart.of(modifier) == null && !COMPARISONS.contains(modifier) && !modifier.equals("all")
                    && !modifier.equals("expand")) {
                throw new RuleException("'" + key + "': " + found.label() + " cannot be combined with " + modifier);
            }
        }
        return found;
    }

    /** {@code field|hour: 3}: the hour of the field's UTC time is 3 (or compares with lt/lte/gt/gte, or neq). */
    private Expression timeTest(String field, String key, List<String> modifiers, DatePart part, String value,
                                boolean negated) {
        if (value == null) {
            throw new RuleException("'" + key + "' expects a number, found null");
        }
        if (modifiers.contains("expand")) {
            List<String> rest = new ArrayList<>(modifiers);
            rest.remove("expand");
            List<Expression> alternatives = new ArrayList<>();
            for (String expanded : placeholders.expand(value)) {
                alternatives.add(timeTest(field, key, rest, part, expanded, negated));
            }
            return negated ? Expression.all(alternatives) : Expression.any(alternatives);
        }
        int bound;
        try {
            bound = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new RuleException("'" + key + "' expects a whole number, found '" + value + "'");
        }
        Match.Comparison comparison = negated ? Match.Comparison.NEQ : Match.Comparison.EQ;
        for (String candidate : COMPARISONS) {
            if (modifiers.contains(candidate)) {
                comparison = Match.Comparison.valueOf(candidate.toUpperCase(Locale.ROOT));
            }
        }
        if ((comparison == Match.Comparison.EQ || comparison == Match.Comparison.NEQ)
                && (bound < part.min || bound > part.max)) {
            throw new RuleException("'" + key + "': " + part.label() + " is between " + part.min + " and "
                    + part.max + ", found " + bound);
        }
        return new Expression.Field(field, new Match.TimePart(part, comparison, bound));
    }

    private static List<Object> listOf(Object value) {
        List<Object> list = new ArrayList<>();
        list.add(value);
        return list;
    }

    private Expression compileValue(String field, String key, List<String> modifiers, String value) {
        boolean cased = modifiers.contains("cased");
        if (value != null && modifiers.contains("expand")) {
            // placeholders expand first, so that expanded values feed cidr, re and the rest like written ones
            List<String> rest = new ArrayList<>(modifiers);
            rest.remove("expand");
            List<Expression> alternatives = new ArrayList<>();
            for (String expanded : placeholders.expand(value)) {
                alternatives.add(compileValue(field, key, rest, expanded));
            }
            return Expression.any(alternatives);
        }
        if (value == null) {
            if (modifiers.stream().anyMatch(m -> !m.equals("all") && !m.equals("cased"))) {
                throw new RuleException("null value cannot take modifiers in '" + key + "'");
            }
            return leaf(field, new Match.Null());
        }
        if (modifiers.contains("exists")) {
            String flag = value.toLowerCase(Locale.ROOT);
            if (!flag.equals("true") && !flag.equals("false")) {
                throw new RuleException("'" + key + "' expects true or false, found '" + value + "'");
            }
            return leaf(field, new Match.Exists(flag.equals("true")));
        }
        for (String comparison : List.of("lt", "lte", "gt", "gte")) {
            if (modifiers.contains(comparison)) {
                double bound;
                try {
                    bound = Double.parseDouble(value.strip());
                } catch (NumberFormatException e) {
                    throw new RuleException("'" + key + "' expects a number, found '" + value + "'");
                }
                if (Double.isNaN(bound)) {
                    throw new RuleException("'" + key + "' expects a number, found '" + value + "'");
                }
                return leaf(field, new Match.Compare(Match.Comparison.valueOf(comparison.toUpperCase(Locale.ROOT)),
                        bound));
            }
        }
        if (modifiers.contains("fieldref")) {
            Match.TextRelation relation = modifiers.contains("contains") ? Match.TextRelation.CONTAINS
                    : modifiers.contains("startswith") ? Match.TextRelation.STARTS_WITH
                    : modifiers.contains("endswith") ? Match.TextRelation.ENDS_WITH : Match.TextRelation.EQUALS;
            return leaf(field, new Match.FieldReference(value, relation, cased));
        }
        if (modifiers.contains("re")) {
            StringBuilder flags = new StringBuilder();
            for (String flag : List.of("i", "m", "s")) {
                if (modifiers.contains(flag)) {
                    flags.append(flag);
                }
            }
            String regex = flags.length() == 0 ? value : "(?" + flags + ")" + value;
            try {
                java.util.regex.Pattern.compile(javaRegex(regex));
            } catch (java.util.regex.PatternSyntaxException e) {
                throw new RuleException("invalid regular expression in '" + key + "': " + e.getDescription());
            }
            return leaf(field, new Match.Regex(regex));
        }
        if (modifiers.contains("cidr")) {
            return leaf(field, new Match.Cidr(IpNetwork.parse(value)));
        }
        List<Expression> variants = new ArrayList<>();
        for (ValuePattern pattern : transform(key, modifiers, value)) {
            variants.add(leaf(field, new Match.Text(position(modifiers, pattern, field.isEmpty()), cased)));
        }
        return Expression.any(variants);
    }

    /** Java's regex dialect spells named groups without the P that Python and RE2 accept. */
    static String javaRegex(String regex) {
        return regex.replace("(?P<", "(?<");
    }

    private static Expression leaf(String field, Match match) {
        return field.isEmpty() ? new Expression.Keyword(match) : new Expression.Field(field, match);
    }

    private static ValuePattern position(List<String> modifiers, ValuePattern pattern, boolean keyword) {
        ValuePattern positioned = pattern;
        if (modifiers.contains("contains") || (keyword && !modifiers.contains("startswith")
                && !modifiers.contains("endswith"))) {
            // keywords search the whole record text, so they match anywhere in it
            positioned = positioned.withLeadingMany().withTrailingMany();
        } else if (modifiers.contains("startswith")) {
            positioned = positioned.withTrailingMany();
        } else if (modifiers.contains("endswith")) {
            positioned = positioned.withLeadingMany();
        } else if (modifiers.contains("base64offset")) {
            // base64offset fragments only ever make sense as substrings
            positioned = positioned.withLeadingMany().withTrailingMany();
        }
        return positioned;
    }

    /** Applies the value transformations in the order they are written. */
    private List<ValuePattern> transform(String key, List<String> modifiers, String value) {
        List<String> texts = List.of(value);
        List<byte[]> bytes = null;
        boolean plainRequired = false;
        for (String modifier : modifiers) {
            switch (modifier) {
                case "windash" -> {
                    List<String> dashed = new ArrayList<>();
                    for (String text : texts) {
                        dashed.addAll(windash(key, text));
                    }
                    texts = dashed;
                }
                case "utf16le", "wide", "utf16be", "utf16" -> {
                    plainRequired = true;
                    bytes = new ArrayList<>();
                    for (String text : texts) {
                        String plain = plain(key, text);
                        bytes.add(switch (modifier) {
                            case "utf16be" -> plain.getBytes(StandardCharsets.UTF_16BE);
                            case "utf16" -> withBom(plain.getBytes(StandardCharsets.UTF_16LE));
                            default -> plain.getBytes(StandardCharsets.UTF_16LE);
                        });
                    }
                    texts = null;
                }
                case "base64", "base64offset" -> {
                    plainRequired = true;
                    List<byte[]> input = bytes != null ? bytes : utf8(key, texts);
                    List<String> encoded = new ArrayList<>();
                    for (byte[] raw : input) {
                        if (modifier.equals("base64")) {
                            encoded.add(Base64.getEncoder().encodeToString(raw));
                        } else {
                            encoded.addAll(base64Offsets(raw));
                        }
                    }
                    texts = encoded;
                    bytes = null;
                }
                default -> { }
            }
        }
        List<ValuePattern> patterns = new ArrayList<>();
        if (texts == null) {
            // utf16 without base64: a byte string, kept as one char per byte (only the Java evaluator handles it)
            for (byte[] raw : bytes) {
                patterns.add(ValuePattern.literal(new String(raw, StandardCharsets.ISO_8859_1)));
            }
        } else {
            for (String text : texts) {
                patterns.add(plainRequired ? ValuePattern.literal(text) : ValuePattern.parse(text));
            }
        }
        return patterns;
    }

    private static List<byte[]> utf8(String key, List<String> texts) {
        List<byte[]> bytes = new ArrayList<>();
        for (String text : texts) {
            bytes.add(plain(key, text).getBytes(StandardCharsets.UTF_8));
        }
        return bytes;
    }

    private static String plain(String key, String text) {
        ValuePattern pattern = ValuePattern.parse(text);
        if (pattern.hasWildcards()) {
            throw new RuleException("'" + key + "' cannot encode a value with wildcards: '" + text + "'");
        }
        return pattern.text();
    }

    private static byte[] withBom(byte[] utf16le) {
        byte[] withBom = new byte[utf16le.length + 2];
        withBom[0] = (byte) 0xFF;
        withBom[1] = (byte) 0xFE;
        System.arraycopy(utf16le, 0, withBom, 2, utf16le.length);
        return withBom;
    }

    /** The three base64 spellings of a value at byte offsets 0, 1 and 2, trimmed to the stable characters. */
    static List<String> base64Offsets(byte[] raw) {
        List<String> variants = new ArrayList<>();
        int[] dropStart = {0, 2, 3};
        int[] dropEnd = {0, 3, 2};
        for (int offset = 0; offset < 3; offset++) {
            byte[] shifted = new byte[raw.length + offset];
            System.arraycopy(raw, 0, shifted, offset, raw.length);
            String encoded = Base64.getEncoder().encodeToString(shifted);
            int end = encoded.length() - dropEnd[(raw.length + offset) % 3];
            if (end > dropStart[offset]) {
                variants.add(encoded.substring(dropStart[offset], end));
            }
        }
        return variants;
    }

    private static List<String> windash(String key, String text) {
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c == '-' || c == '/') && (i == 0 || Character.isWhitespace(text.charAt(i - 1)))) {
                positions.add(i);
            }
        }
        if (positions.size() > MAX_WINDASH_POSITIONS) {
            throw new RuleException("'" + key + "' has more than " + MAX_WINDASH_POSITIONS
                    + " option dashes for windash: '" + text + "'");
        }
        List<String> variants = new ArrayList<>();
        int combinations = (int) Math.pow(DASHES.length, positions.size());
        for (int combination = 0; combination < combinations; combination++) {
            char[] chars = text.toCharArray();
            int rest = combination;
            for (int position : positions) {
                chars[position] = DASHES[rest % DASHES.length];
                rest /= DASHES.length;
            }
            variants.add(new String(chars));
        }
        return variants;
    }
}
