package dev.cloudsift.detect;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Loads Sigma rules from files, folders and the built-in pack, and links them: filters are applied to their
 * targets, correlations find the rules they reference. Every document becomes a {@link LoadedRule} with its
 * status; a rule that cannot load is reported with the reason, never dropped.
 */
public final class RuleLoader {
    /** Where the built-in pack lists its rule resources, one path per line (class-path folders can't be listed). */
    public static final String BUILT_IN_INDEX = "/dev/cloudsift/detect/rules/index.txt";
    private static final long MAX_RULE_FILE_BYTES = 2L * 1024 * 1024;

    private final FieldMappings mappings;
    private final DocumentParser parser;

    public RuleLoader(FieldMappings mappings, Placeholders placeholders) {
        this.mappings = Objects.requireNonNull(mappings, "mappings");
        this.parser = new DocumentParser(mappings, Objects.requireNonNull(placeholders, "placeholders"));
    }

    public RuleLoader() {
        this(FieldMappings.builtIn(), Placeholders.none());
    }

    /** The built-in rule pack with the built-in mappings and no placeholders. */
    public static List<LoadedRule> builtIn() {
        return new RuleLoader().load(true, List.of());
    }

    /** Rules from files and folders (folders are walked for {@code .yml}/{@code .yaml}), optionally with the pack. */
    public List<LoadedRule> load(boolean includeBuiltIn, List<Path> paths) {
        List<LoadedRule> rules = new ArrayList<>();
        if (includeBuiltIn) {
            rules.addAll(readBuiltIn());
        }
        for (Path path : paths) {
            for (Path file : ruleFiles(path, rules)) {
                rules.addAll(readFile(file));
            }
        }
        return link(rules);
    }

    /** The rules of a class-path index, linked (tests use their own index beside the built-in one). */
    List<LoadedRule> loadIndex(String indexResource) {
        return link(readIndex(indexResource));
    }

    /** Rules from one YAML text (tests and tools); {@code sourceName} names it in load reports. */
    public List<LoadedRule> loadText(String sourceName, String yaml) {
        return link(readText(sourceName, yaml));
    }

    private List<Path> ruleFiles(Path path, List<LoadedRule> problems) {
        if (Files.isDirectory(path)) {
            try (Stream<Path> walk = Files.walk(path)) {
                return walk.filter(Files::isRegularFile)
                        .filter(file -> {
                            String name = file.getFileName().toString();
                            return name.endsWith(".yml") || name.endsWith(".yaml");
                        })
                        .sorted()
                        .toList();
            } catch (IOException | UncheckedIOException e) {
                problems.add(unreadable(path.toString(), "cannot list folder: " + e.getMessage()));
                return List.of();
            }
        }
        if (!Files.exists(path)) {
            problems.add(unreadable(path.toString(), "no such file or folder"));
            return List.of();
        }
        return List.of(path);
    }

    private List<LoadedRule> readFile(Path file) {
        try {
            if (Files.size(file) > MAX_RULE_FILE_BYTES) {
                return List.of(unreadable(file.toString(), "rule file larger than " + MAX_RULE_FILE_BYTES
                        + " bytes"));
            }
            return readText(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException | UncheckedIOException e) {
            return List.of(unreadable(file.toString(), "cannot read: " + e.getMessage()));
        }
    }

    private List<LoadedRule> readBuiltIn() {
        return readIndex(BUILT_IN_INDEX);
    }

    /** Rules listed by a class-path index file; entries are relative to the index's folder unless absolute. */
    List<LoadedRule> readIndex(String indexResource) {
        String folder = indexResource.substring(0, indexResource.lastIndexOf('/') + 1);
        List<LoadedRule> rules = new ArrayList<>();
        try (InputStream index = RuleLoader.class.getResourceAsStream(indexResource)) {
            if (index == null) {
                return rules;
            }
            for (String line : new String(index.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String resource = line.strip();
                if (resource.isEmpty() || resource.startsWith("#")) {
                    continue;
                }
                String absolute = resource.startsWith("/") ? resource : folder + resource;
                try (InputStream in = RuleLoader.class.getResourceAsStream(absolute)) {
                    if (in == null) {
                        rules.add(unreadable("builtin:" + resource, "listed in index.txt but missing"));
                    } else {
                        rules.addAll(readText("builtin:" + resource,
                                new String(in.readAllBytes(), StandardCharsets.UTF_8)));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rules;
    }

    private List<LoadedRule> readText(String sourceName, String yaml) {
        List<java.util.Map<String, Object>> documents;
        try {
            documents = RuleYaml.documents(yaml);
        } catch (RuleException e) {
            return List.of(unreadable(sourceName, e.getMessage()));
        }
        List<LoadedRule> rules = new ArrayList<>();
        for (java.util.Map<String, Object> document : documents) {
            rules.addAll(parser.parse(document, sourceName));
        }
        return rules;
    }

    private static LoadedRule unreadable(String sourceName, String reason) {
        RuleMetadata metadata = new RuleMetadata(null, null, "(unreadable " + sourceName + ")", "informational",
                null, null, List.of(), sourceName);
        return LoadedRule.failed(metadata, LoadedRule.Kind.DETECTION, LoadedRule.Status.ERROR, reason, List.of());
    }

    /** Applies filters, resolves correlation references and decides which rules raise findings of their own. */
    private List<LoadedRule> link(List<LoadedRule> loaded) {
        List<LoadedRule> rules = new ArrayList<>(loaded);
        Map<String, Integer> byReference = index(rules);
        applyFilters(rules, byReference);
        failCycles(rules, byReference);
        Set<Integer> quiet = new HashSet<>();
        Set<Integer> loud = new HashSet<>();
        for (int i = 0; i < rules.size(); i++) {
            LoadedRule entry = rules.get(i);
            if (entry.status() != LoadedRule.Status.OK || !(entry.rule() instanceof Rule.Correlation correlation)) {
                continue;
            }
            String problem = null;
            for (String reference : correlation.references()) {
                Integer target = byReference.get(reference);
                if (target == null) {
                    problem = "references unknown rule '" + reference + "'";
                    break;
                }
                LoadedRule referenced = rules.get(target);
                if (referenced.status() != LoadedRule.Status.OK) {
                    problem = "references rule '" + reference + "' which did not load (" + referenced.reason() + ")";
                    break;
                }
                if (referenced.rule() instanceof Rule.Correlation inner) {
                    problem = checkChain(correlation, inner, reference);
                    if (problem != null) {
                        break;
                    }
                    continue;
                }
                if (!(referenced.rule() instanceof Rule.Detection detection)) {
                    problem = "references filter '" + reference + "': a correlation reads detection rules or "
                            + "other correlations";
                    break;
                }
                problem = checkCorrelationFields(correlation, detection, rules, target);
                if (problem != null) {
                    break;
                }
            }
            if (problem != null) {
                rules.set(i, entry.failWith(LoadedRule.Status.ERROR, problem));
            }
        }
        failBrokenChains(rules, byReference);
        for (LoadedRule entry : rules) {
            if (entry.status() == LoadedRule.Status.OK && entry.rule() instanceof Rule.Correlation correlation) {
                for (String reference : correlation.references()) {
                    (correlation.generate() ? loud : quiet).add(byReference.get(reference));
                }
            }
        }
        for (int target : quiet) {
            if (!loud.contains(target)) {
                LoadedRule entry = rules.get(target);
                rules.set(target, entry.with(entry.rule(), List.of(), false));
            }
        }
        return List.copyOf(rules);
    }

    /**
     * A chain: the outer correlation reads the inner one's firings, which carry only the inner group-by values,
     * so every field the outer reads (group-by through aliases, the value field) must be one of them.
     */
    private static @dev.cloudsift.core.Nullable String checkChain(Rule.Correlation outer, Rule.Correlation inner,
                                                                  String reference) {
        if (outer.type() == CorrelationType.FIRST_SEEN || inner.type() == CorrelationType.FIRST_SEEN) {
            return "references correlation '" + reference + "': first_seen rules cannot be chained (a chain "
                    + "reads the firings of event_count, value_count, temporal, temporal_ordered and value_* "
                    + "correlations)";
        }
        List<String> needed = new ArrayList<>(outer.groupBy());
        if (outer.field() != null) {
            needed.add(outer.field());
        }
        for (String name : needed) {
            String field;
            try {
                field = fieldFor(outer, inner.metadata(), name);
            } catch (RuleException e) {
                return e.getMessage();
            }
            if (!inner.groupBy().contains(field)) {
                return "reads '" + field + "' from correlation '" + reference + "', whose firings carry only its "
                        + "group-by fields " + inner.groupBy();
            }
        }
        return null;
    }

    /** A correlation over a correlation that failed (checked later in the file) fails too, until nothing changes. */
    private static void failBrokenChains(List<LoadedRule> rules, Map<String, Integer> byReference) {
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int i = 0; i < rules.size(); i++) {
                if (rules.get(i).status() != LoadedRule.Status.OK
                        || !(rules.get(i).rule() instanceof Rule.Correlation correlation)) {
                    continue;
                }
                for (String reference : correlation.references()) {
                    LoadedRule referenced = rules.get(byReference.get(reference));
                    if (referenced.status() != LoadedRule.Status.OK) {
                        rules.set(i, rules.get(i).failWith(LoadedRule.Status.ERROR, "references rule '" + reference
                                + "' which did not load (" + referenced.reason() + ")"));
                        changed = true;
                        break;
                    }
                }
            }
        }
    }

    /**
     * Correlations that reach themselves through their references can never be evaluated: each one on a cycle
     * becomes an error naming the cycle.
     */
    private static void failCycles(List<LoadedRule> rules, Map<String, Integer> byReference) {
        Map<Integer, List<Integer>> edges = new HashMap<>();
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i).status() == LoadedRule.Status.OK
                    && rules.get(i).rule() instanceof Rule.Correlation correlation) {
                List<Integer> next = new ArrayList<>();
                for (String reference : correlation.references()) {
                    Integer target = byReference.get(reference);
                    if (target != null && rules.get(target).rule() instanceof Rule.Correlation) {
                        next.add(target);
                    }
                }
                edges.put(i, next);
            }
        }
        Map<Integer, String> cycles = new HashMap<>();
        for (int start : edges.keySet()) {
            List<Integer> path = cycleThrough(start, edges);
            if (path != null) {
                List<String> names = new ArrayList<>();
                path.forEach(index -> names.add(rules.get(index).metadata().reference()));
                cycles.put(start, String.join(" -> ", names));
            }
        }
        cycles.forEach((index, cycle) -> rules.set(index, rules.get(index).failWith(LoadedRule.Status.ERROR,
                "correlation cycle: " + cycle + " (a chain of correlations must end in detection rules)")));
    }

    /** The path from {@code start} back to itself, or null when it is on no cycle (depth-first, iterative). */
    private static @dev.cloudsift.core.Nullable List<Integer> cycleThrough(int start,
                                                                          Map<Integer, List<Integer>> edges) {
        java.util.Deque<List<Integer>> stack = new java.util.ArrayDeque<>();
        Set<Integer> seen = new HashSet<>();
        stack.push(List.of(start));
        while (!stack.isEmpty()) {
            List<Integer> path = stack.pop();
            for (int next : edges.getOrDefault(path.get(path.size() - 1), List.of())) {
                List<Integer> longer = new ArrayList<>(path);
                longer.add(next);
                if (next == start) {
                    return longer;
                }
                if (seen.add(next)) {
                    stack.push(longer);
                }
            }
        }
        return null;
    }

    private static Map<String, Integer> index(List<LoadedRule> rules) {
        Map<String, Integer> byReference = new HashMap<>();
        for (int i = 0; i < rules.size(); i++) {
            RuleMetadata metadata = rules.get(i).metadata();
            if (metadata.id() != null) {
                byReference.putIfAbsent(metadata.id(), i);
            }
            if (metadata.name() != null) {
                byReference.putIfAbsent(metadata.name(), i);
            }
        }
        return byReference;
    }

    /** Resolves the fields a correlation reads from a rule; the rule keeps them so evaluation finds them. */
    private @dev.cloudsift.core.Nullable String checkCorrelationFields(Rule.Correlation correlation,
                                                                       Rule.Detection detection,
                                                                       List<LoadedRule> rules, int target) {
        try {
            Map<String, FieldLocation> fields = new HashMap<>(detection.fields());
            for (String field : correlationFields(correlation, detection)) {
                fields.putIfAbsent(field, mappings.resolve(detection.service(), field));
            }
            LoadedRule entry = rules.get(target);
            rules.set(target, entry.with(new Rule.Detection(detection.metadata(), detection.logSource(),
                    detection.service(), detection.expression(), fields), List.of(), entry.standalone()));
            return null;
        } catch (RuleException e) {
            return "rule '" + detection.metadata().reference() + "': " + e.getMessage();
        }
    }

    /** The fields (group-by through aliases, the value field, first-seen fields) a correlation reads from a rule. */
    static List<String> correlationFields(Rule.Correlation correlation, Rule.Detection detection) {
        List<String> fields = new ArrayList<>();
        for (String group : correlation.groupBy()) {
            fields.add(fieldFor(correlation, detection.metadata(), group));
        }
        if (correlation.field() != null) {
            fields.add(fieldFor(correlation, detection.metadata(), correlation.field()));
        }
        for (String field : correlation.fields()) {
            fields.add(fieldFor(correlation, detection.metadata(), field));
        }
        return fields;
    }

    static String fieldFor(Rule.Correlation correlation, RuleMetadata metadata, String name) {
        Map<String, String> alias = correlation.aliases().get(name);
        if (alias == null) {
            return name;
        }
        String field = metadata.name() == null ? null : alias.get(metadata.name());
        if (field == null && metadata.id() != null) {
            field = alias.get(metadata.id());
        }
        if (field == null) {
            throw new RuleException("alias '" + name + "' names no field for rule '" + metadata.reference() + "'");
        }
        return field;
    }

    private void applyFilters(List<LoadedRule> rules, Map<String, Integer> byReference) {
        for (int i = 0; i < rules.size(); i++) {
            LoadedRule entry = rules.get(i);
            if (entry.status() != LoadedRule.Status.OK || !(entry.rule() instanceof Rule.Filter filter)) {
                continue;
            }
            List<Integer> targets = new ArrayList<>();
            if (filter.references().isEmpty()) {
                for (int j = 0; j < rules.size(); j++) {
                    if (rules.get(j).rule() instanceof Rule.Detection detection
                            && sameSource(filter.logSource(), detection.logSource())) {
                        targets.add(j);
                    }
                }
            } else {
                for (String reference : filter.references()) {
                    Integer target = byReference.get(reference);
                    if (target == null) {
                        rules.set(i, entry.failWith(LoadedRule.Status.ERROR, "filters unknown rule '"
                                + reference + "'"));
                        targets.clear();
                        break;
                    }
                    targets.add(target);
                }
            }
            for (int target : targets) {
                LoadedRule targetEntry = rules.get(target);
                if (!(targetEntry.rule() instanceof Rule.Detection detection)) {
                    continue;
                }
                List<String> warnings = new ArrayList<>();
                try {
                    Expression extra = parser.filterExpression(filter, detection.service(), warnings);
                    Expression combined = new Expression.All(List.of(detection.expression(), extra));
                    Map<String, FieldLocation> fields = new HashMap<>(detection.fields());
                    fields.putAll(parser.resolveFields(detection.service(), extra, new ArrayList<>()));
                    Rule.Detection filtered = new Rule.Detection(detection.metadata(), detection.logSource(),
                            detection.service(), combined, fields);
                    warnings.add("filter '" + filter.metadata().reference() + "' applied");
                    rules.set(target, targetEntry.with(filtered, warnings, targetEntry.standalone()));
                } catch (RuleException | UnsupportedRuleException e) {
                    rules.set(i, entry.failWith(LoadedRule.Status.ERROR, "cannot apply to '"
                            + targetEntry.metadata().reference() + "': " + e.getMessage()));
                }
            }
        }
    }

    private static boolean sameSource(LogSource filter, LogSource rule) {
        return (filter.product() == null || filter.product().equalsIgnoreCase(String.valueOf(rule.product())))
                && (filter.service() == null || filter.service().equalsIgnoreCase(String.valueOf(rule.service())));
    }

    FieldMappings mappings() {
        return mappings;
    }
}
