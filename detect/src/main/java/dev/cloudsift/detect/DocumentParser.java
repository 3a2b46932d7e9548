package dev.cloudsift.detect;

import dev.cloudsift.core.Nullable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns one merged YAML document into loaded rules (a legacy aggregation yields a base rule and a correlation). */
final class DocumentParser {
    private static final Pattern AGGREGATION = Pattern.compile(
            "(?i)^count\\(\\s*([^)\\s]*)\\s*\\)(?:\\s+by\\s+([^\\s<>=!]+))?\\s*(<=|>=|==|!=|<|>|=)\\s*(\\d+(?:\\.\\d+)?)$");
    private static final Pattern TIMESPAN = Pattern.compile("^(\\d{1,9})([smhdwMy]?)$");

    private final FieldMappings mappings;
    private final FieldTestCompiler fieldTests;

    DocumentParser(FieldMappings mappings, Placeholders placeholders) {
        this.mappings = mappings;
        this.fieldTests = new FieldTestCompiler(placeholders);
    }

    List<LoadedRule> parse(Map<String, Object> document, String sourceFile) {
        RuleMetadata metadata;
        try {
            metadata = metadata(document, sourceFile);
        } catch (RuleException e) {
            return List.of(LoadedRule.failed(fallbackMetadata(document, sourceFile), kindOf(document),
                    LoadedRule.Status.ERROR, e.getMessage(), List.of()));
        }
        try {
            if (document.containsKey("correlation")) {
                return List.of(correlation(metadata, document));
            }
            if (document.containsKey("filter")) {
                return List.of(filter(metadata, document));
            }
            if (document.containsKey("detection")) {
                return detection(metadata, document);
            }
            throw new RuleException("the document has no detection, correlation or filter section");
        } catch (RuleException e) {
            return List.of(LoadedRule.failed(metadata, kindOf(document), LoadedRule.Status.ERROR, e.getMessage(),
                    List.of()));
        } catch (UnsupportedRuleException e) {
            return List.of(LoadedRule.failed(metadata, kindOf(document), LoadedRule.Status.UNSUPPORTED,
                    e.getMessage(), List.of()));
        }
    }

    private static LoadedRule.Kind kindOf(Map<String, Object> document) {
        if (document.get("correlation") instanceof Map<?, ?> correlation) {
            return "first_seen".equals(correlation.get("type")) ? LoadedRule.Kind.FIRST_SEEN
                    : LoadedRule.Kind.CORRELATION;
        }
        return document.containsKey("filter") ? LoadedRule.Kind.FILTER : LoadedRule.Kind.DETECTION;
    }

    private static RuleMetadata fallbackMetadata(Map<String, Object> document, String sourceFile) {
        Object title = document.get("title");
        Object id = document.get("id");
        return new RuleMetadata(id instanceof String text ? text : null, null,
                title instanceof String text ? text : "(untitled rule in " + sourceFile + ")", "informational",
                null, null, List.of(), sourceFile);
    }

    private static RuleMetadata metadata(Map<String, Object> document, String sourceFile) {
        Object title = document.get("title");
        if (!(title instanceof String titleText) || titleText.isBlank()) {
            throw new RuleException("the rule has no title");
        }
        String level = "medium";
        if (document.get("level") instanceof String levelText) {
            try {
                level = Level.parse(levelText).label();
            } catch (IllegalArgumentException e) {
                throw new RuleException(e.getMessage());
            }
        }
        List<String> tags = new ArrayList<>();
        if (document.get("tags") instanceof List<?> list) {
            for (Object tag : list) {
                if (tag instanceof String text) {
                    tags.add(text.toLowerCase(Locale.ROOT));
                }
            }
        }
        return new RuleMetadata(string(document, "id"), string(document, "name"), titleText, level,
                string(document, "status"), string(document, "description"), tags, sourceFile);
    }

    private static @Nullable String string(Map<String, Object> document, String key) {
        return document.get(key) instanceof String text ? text : null;
    }

    // ---- detection rules ----

    private List<LoadedRule> detection(RuleMetadata metadata, Map<String, Object> document) {
        LogSource logSource = LogSource.of(document.get("logsource"));
        FieldMappings.Service service = mappings.service(logSource);
        if (!(document.get("detection") instanceof Map<?, ?> rawDetection)) {
            throw new RuleException("detection must be a mapping");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> detection = (Map<String, Object>) rawDetection;
        Map<String, Expression> identifiers = identifiers(detection);
        List<String> conditions = conditions(detection.get("condition"));
        List<String> warnings = new ArrayList<>();
        if (conditions.size() == 1 && conditions.get(0).contains("|")) {
            return aggregation(metadata, logSource, service, identifiers, conditions.get(0),
                    detection.get("timeframe"));
        }
        List<Expression> parsed = new ArrayList<>();
        for (String condition : conditions) {
            if (condition.contains("|")) {
                throw new UnsupportedRuleException("aggregations ('|') are supported only as the rule's single "
                        + "condition");
            }
            parsed.add(ConditionParser.parse(condition, identifiers));
        }
        Expression expression = Expression.any(parsed);
        Map<String, FieldLocation> fields = resolveFields(service, expression, warnings);
        Rule.Detection rule = new Rule.Detection(metadata, logSource, service, expression, fields);
        return List.of(LoadedRule.ok(rule, LoadedRule.Kind.DETECTION, warnings, true));
    }

    Map<String, Expression> identifiers(Map<String, Object> detection) {
        Map<String, Expression> identifiers = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : detection.entrySet()) {
            if (entry.getKey().equals("condition") || entry.getKey().equals("timeframe")) {
                continue;
            }
            try {
                identifiers.put(entry.getKey(), searchIdentifier(entry.getValue()));
            } catch (RuleException e) {
                throw new RuleException("search identifier '" + entry.getKey() + "': " + e.getMessage());
            }
        }
        return identifiers;
    }

    static List<String> conditions(@Nullable Object condition) {
        if (condition instanceof String text) {
            return List.of(text);
        }
        if (condition instanceof List<?> list && !list.isEmpty()
                && list.stream().allMatch(item -> item instanceof String)) {
            return list.stream().map(String.class::cast).toList();
        }
        throw new RuleException("detection needs a condition (a string or a list of strings)");
    }

    @SuppressWarnings("unchecked")
    private Expression searchIdentifier(@Nullable Object value) {
        if (value instanceof Map<?, ?> map) {
            return fieldGroup((Map<String, Object>) map);
        }
        if (value instanceof List<?> list) {
            if (list.isEmpty()) {
                throw new RuleException("an empty list can never match");
            }
            if (list.stream().allMatch(item -> item instanceof Map<?, ?>)) {
                List<Expression> alternatives = new ArrayList<>();
                for (Object item : list) {
                    alternatives.add(fieldGroup((Map<String, Object>) item));
                }
                return Expression.any(alternatives);
            }
            if (list.stream().noneMatch(item -> item instanceof Map<?, ?> || item instanceof List<?>)) {
                return fieldTests.compile("", list);
            }
            throw new RuleException("a list must hold either field maps or keywords, not both");
        }
        if (value instanceof String) {
            return fieldTests.compile("", value);
        }
        throw new RuleException("expected a map of fields, a list or a keyword, found " + RuleYaml.describe(value));
    }

    private Expression fieldGroup(Map<String, Object> map) {
        if (map.isEmpty()) {
            throw new RuleException("an empty map");
        }
        List<Expression> tests = new ArrayList<>();
        for (Map.Entry<String, Object> entry : map.entrySet()) {
            tests.add(fieldTests.compile(entry.getKey(), entry.getValue()));
        }
        return Expression.all(tests);
    }

    /** Resolves every field an expression reads; unknown fields fail the rule here, at load. */
    Map<String, FieldLocation> resolveFields(FieldMappings.Service service, Expression expression,
                                             List<String> warnings) {
        Map<String, FieldLocation> fields = new LinkedHashMap<>();
        collect(service, expression, fields, warnings);
        return fields;
    }

    private void collect(FieldMappings.Service service, Expression expression, Map<String, FieldLocation> fields,
                         List<String> warnings) {
        if (expression instanceof Expression.All all) {
            all.children().forEach(child -> collect(service, child, fields, warnings));
        } else if (expression instanceof Expression.AtLeast atLeast) {
            atLeast.children().forEach(child -> collect(service, child, fields, warnings));
        } else if (expression instanceof Expression.Not not) {
            collect(service, not.child(), fields, warnings);
        } else if (expression instanceof Expression.Field field) {
            resolve(service, field.field(), fields, warnings);
            if (field.match() instanceof Match.FieldReference reference) {
                resolve(service, reference.otherField(), fields, warnings);
            }
        } else if (expression instanceof Expression.Keyword && service.text().isEmpty()) {
            throw new RuleException("keyword searches are not available for " + service.name());
        }
    }

    private void resolve(FieldMappings.Service service, String field, Map<String, FieldLocation> fields,
                         List<String> warnings) {
        if (!fields.containsKey(field)) {
            FieldLocation location = mappings.resolve(service, field);
            fields.put(field, location);
            if (location.warning() != null) {
                warnings.add(location.warning());
            }
        }
    }

    /** The pre-2.0 {@code selection | count() by field > N} and {@code a | near b} forms, as correlations. */
    private List<LoadedRule> aggregation(RuleMetadata metadata, LogSource logSource, FieldMappings.Service service,
                                         Map<String, Expression> identifiers, String condition,
                                         @Nullable Object timeframe) {
        int pipe = condition.indexOf('|');
        String search = condition.substring(0, pipe).strip();
        String aggregation = condition.substring(pipe + 1).strip();
        Duration timespan = timeframe == null ? null : timespan(timeframe.toString());
        List<LoadedRule> rules = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<String> references = new ArrayList<>();
        List<String> searches = new ArrayList<>();
        searches.add(search);
        CorrelationType type;
        String field = null;
        List<String> groupBy = new ArrayList<>();
        Map<String, Double> bound = new LinkedHashMap<>();
        if (aggregation.toLowerCase(Locale.ROOT).startsWith("near ")) {
            type = CorrelationType.TEMPORAL;
            for (String part : aggregation.substring(5).split("(?i)\\s+and\\s+")) {
                searches.add(part.strip());
            }
        } else {
            Matcher matcher = AGGREGATION.matcher(aggregation);
            if (!matcher.matches()) {
                throw new UnsupportedRuleException("aggregation '" + aggregation + "' (Cloudsift reads count() "
                        + "and count(field) with an optional 'by field', and near)");
            }
            field = matcher.group(1).isEmpty() ? null : matcher.group(1);
            type = field == null ? CorrelationType.EVENT_COUNT : CorrelationType.VALUE_COUNT;
            if (matcher.group(2) != null) {
                groupBy.add(matcher.group(2));
            }
            String operator = switch (matcher.group(3)) {
                case ">" -> "gt";
                case ">=" -> "gte";
                case "<" -> "lt";
                case "<=" -> "lte";
                case "!=" -> "neq";
                default -> "eq";
            };
            bound.put(operator, Double.parseDouble(matcher.group(4)));
        }
        for (int i = 0; i < searches.size(); i++) {
            Expression expression = ConditionParser.parse(searches.get(i), identifiers);
            String baseId = metadata.reference() + "/part" + (i + 1);
            RuleMetadata baseMetadata = new RuleMetadata(baseId, baseId, metadata.title() + " (events: "
                    + searches.get(i) + ")", metadata.level(), metadata.status(), null, metadata.tags(),
                    metadata.sourceFile());
            Map<String, FieldLocation> fields = resolveFields(service, expression, warnings);
            rules.add(LoadedRule.ok(new Rule.Detection(baseMetadata, logSource, service, expression, fields),
                    LoadedRule.Kind.DETECTION, List.of(), false));
            references.add(baseId);
        }
        for (String groupField : groupBy) {
            mappings.resolve(service, groupField);
        }
        if (field != null) {
            mappings.resolve(service, field);
        }
        if (type == CorrelationType.TEMPORAL) {
            bound.put("gte", (double) references.size());
        }
        warnings.add("legacy aggregation '" + aggregation + "' evaluated as a " + type.label() + " correlation"
                + (timespan == null ? " over the whole case (no timeframe)" : ""));
        Rule.Correlation correlation = new Rule.Correlation(metadata, type, references, groupBy, timespan, Map.of(),
                bound, field, 50, List.of(), null, false);
        rules.add(LoadedRule.ok(correlation, LoadedRule.Kind.CORRELATION, warnings, true));
        return rules;
    }

    // ---- correlations and first-seen ----

    @SuppressWarnings("unchecked")
    private LoadedRule correlation(RuleMetadata metadata, Map<String, Object> document) {
        if (!(document.get("correlation") instanceof Map<?, ?> raw)) {
            throw new RuleException("correlation must be a mapping");
        }
        Map<String, Object> correlation = (Map<String, Object>) raw;
        if (!(correlation.get("type") instanceof String typeText)) {
            throw new RuleException("correlation needs a type");
        }
        CorrelationType type = CorrelationType.parse(typeText);
        List<String> references = strings(correlation.get("rules"), "correlation rules");
        if (references.isEmpty()) {
            throw new RuleException("correlation needs at least one rule in 'rules'");
        }
        List<String> groupBy = correlation.containsKey("group-by")
                ? strings(correlation.get("group-by"), "group-by") : List.of();
        Duration timespan = correlation.get("timespan") == null ? null
                : timespan(correlation.get("timespan").toString());
        Map<String, Map<String, String>> aliases = new LinkedHashMap<>();
        if (correlation.get("aliases") instanceof Map<?, ?> aliasMap) {
            for (Map.Entry<?, ?> alias : aliasMap.entrySet()) {
                if (!(alias.getValue() instanceof Map<?, ?> perRule)) {
                    throw new RuleException("alias '" + alias.getKey() + "' must map rule names to fields");
                }
                Map<String, String> fields = new LinkedHashMap<>();
                perRule.forEach((rule, field) -> fields.put(rule.toString(), String.valueOf(field)));
                aliases.put(alias.getKey().toString(), fields);
            }
        }
        Map<String, Double> condition = new LinkedHashMap<>();
        String field = null;
        if (correlation.get("condition") instanceof Map<?, ?> conditionMap) {
            for (Map.Entry<?, ?> entry : conditionMap.entrySet()) {
                String key = entry.getKey().toString();
                if (key.equals("field")) {
                    field = String.valueOf(entry.getValue());
                } else if (List.of("gt", "gte", "lt", "lte", "eq", "neq").contains(key)) {
                    condition.put(key, number(entry.getValue(), "condition " + key));
                } else {
                    throw new RuleException("unknown correlation condition '" + key
                            + "' (expected gt, gte, lt, lte, eq, neq or field)");
                }
            }
        } else if (correlation.get("condition") != null) {
            throw new RuleException("correlation condition must be a mapping such as {gte: 10}");
        }
        double percentile = correlation.get("percentile") == null ? 50
                : number(correlation.get("percentile"), "percentile");
        List<String> fields = correlation.containsKey("fields")
                ? strings(correlation.get("fields"), "fields") : List.of();
        Duration learningWindow = correlation.get("learning_window") == null ? null
                : timespan(correlation.get("learning_window").toString());
        switch (type) {
            case EVENT_COUNT -> requireCondition(condition, type);
            case VALUE_COUNT, VALUE_SUM, VALUE_AVG, VALUE_PERCENTILE -> {
                requireCondition(condition, type);
                if (field == null) {
                    throw new RuleException(type.label() + " needs 'field' in its condition");
                }
            }
            case TEMPORAL, TEMPORAL_ORDERED -> {
                if (condition.isEmpty()) {
                    condition.put("gte", (double) references.size());
                }
            }
            case FIRST_SEEN -> {
                if (fields.isEmpty()) {
                    throw new RuleException("first_seen needs 'fields': the values whose first appearance matters");
                }
                if (learningWindow == null) {
                    throw new RuleException("first_seen needs a 'learning_window' such as 7d");
                }
            }
        }
        if (percentile < 0 || percentile > 100) {
            throw new RuleException("percentile must be between 0 and 100");
        }
        Object generate = correlation.containsKey("generate") ? correlation.get("generate")
                : document.get("generate");
        Rule.Correlation rule = new Rule.Correlation(metadata, type, references, groupBy, timespan, aliases,
                condition, field, percentile, fields, learningWindow, "true".equalsIgnoreCase(String.valueOf(generate)));
        return LoadedRule.ok(rule, type == CorrelationType.FIRST_SEEN ? LoadedRule.Kind.FIRST_SEEN
                : LoadedRule.Kind.CORRELATION, List.of(), true);
    }

    private static void requireCondition(Map<String, Double> condition, CorrelationType type) {
        if (condition.isEmpty()) {
            throw new RuleException(type.label() + " needs a condition such as {gte: 10}");
        }
    }

    private static double number(@Nullable Object value, String what) {
        try {
            return Double.parseDouble(String.valueOf(value).strip());
        } catch (NumberFormatException e) {
            throw new RuleException(what + " must be a number, found " + RuleYaml.describe(value));
        }
    }

    private static List<String> strings(@Nullable Object value, String what) {
        if (value instanceof String text) {
            return List.of(text);
        }
        if (value instanceof List<?> list && list.stream().allMatch(item -> item instanceof String)) {
            return list.stream().map(String.class::cast).toList();
        }
        throw new RuleException(what + " must be a string or a list of strings");
    }

    static Duration timespan(String text) {
        Matcher matcher = TIMESPAN.matcher(text.strip());
        if (!matcher.matches()) {
            throw new RuleException("timespan '" + text + "' must be a number and a unit (s, m, h, d), e.g. 90m");
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "", "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            case "w" -> Duration.ofDays(amount * 7);
            case "M" -> Duration.ofDays(amount * 30);
            default -> Duration.ofDays(amount * 365);
        };
    }

    // ---- filters ----

    @SuppressWarnings("unchecked")
    private LoadedRule filter(RuleMetadata metadata, Map<String, Object> document) {
        if (!(document.get("filter") instanceof Map<?, ?> raw)) {
            throw new RuleException("filter must be a mapping");
        }
        Map<String, Object> filter = new LinkedHashMap<>((Map<String, Object>) raw);
        List<String> references = filter.containsKey("rules") ? strings(filter.remove("rules"), "filter rules")
                : List.of();
        conditions(filter.get("condition"));
        identifiers(filter);
        Rule.Filter rule = new Rule.Filter(metadata, LogSource.of(document.get("logsource")), references, filter);
        return LoadedRule.ok(rule, LoadedRule.Kind.FILTER, List.of(), false);
    }

    /** A filter's condition compiled for one target rule's service. */
    Expression filterExpression(Rule.Filter filter, FieldMappings.Service service, List<String> warnings) {
        Map<String, Expression> identifiers = identifiers(filter.detection());
        List<Expression> parsed = new ArrayList<>();
        for (String condition : conditions(filter.detection().get("condition"))) {
            parsed.add(ConditionParser.parse(condition, identifiers));
        }
        Expression expression = Expression.any(parsed);
        resolveFields(service, expression, warnings);
        return expression;
    }
}
