package dev.cloudsift.detect;

import dev.cloudsift.core.Nullable;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Runs loaded rules over a whole case and writes their findings to the {@code findings} table, replacing the
 * findings those rules had and keeping every other rule's (a hunt limited by level or tag must not erase the rest);
 * each finding carries the last ingest it saw, so findings computed before newer data are known to be stale.
 * Detection rules that compile to SQL are evaluated together, one scan per source table (see {@link SharedScan});
 * correlations and first-seen rules then aggregate the matched rows. Every rule is timed; a rule that fails is
 * reported and the hunt goes on.
 */
public final class Hunt {
    private final Connection connection;
    private boolean forceJava;
    private boolean oneScanPerRule;
    private HuntListener listener = HuntListener.NONE;
    private Map<String, Long> phases = new LinkedHashMap<>();

    public Hunt(Connection connection) {
        this.connection = Objects.requireNonNull(connection, "connection");
    }

    /**
     * Evaluates each detection rule in its own query, and lets correlations and findings read the source tables
     * themselves instead of copies of the matched rows: the reference for the shared scans and copies; for tests.
     */
    Hunt oneScanPerRule(boolean value) {
        this.oneScanPerRule = value;
        return this;
    }

    /** Evaluates every detection rule in Java (the reference evaluator); for tests and cross-checks. */
    Hunt forceJava(boolean value) {
        this.forceJava = value;
        return this;
    }

    /** Reports each rule as it finishes. */
    public Hunt listener(HuntListener value) {
        this.listener = Objects.requireNonNull(value, "listener");
        return this;
    }

    public HuntResult run(List<LoadedRule> rules) throws SQLException {
        return run(rules, rule -> true);
    }

    /** Runs the loaded rules; only rules {@code selected} accepts raise findings (their inputs still run). */
    public HuntResult run(List<LoadedRule> rules, Predicate<RuleMetadata> selected) throws SQLException {
        long start = System.nanoTime();
        Set<String> replaced = new LinkedHashSet<>();
        for (LoadedRule entry : rules) {
            if (entry.status() == LoadedRule.Status.OK && selected.test(entry.metadata())) {
                replaced.add(entry.metadata().reference());
            }
        }
        FindingsTable.replace(connection, replaced);
        Long ingestId = FindingsTable.lastDataIngest(connection);
        CaseTables tables = CaseTables.read(connection);
        DetectionRunner detections = new DetectionRunner(connection, tables);
        execute("DELETE FROM " + DetectionRunner.MATCHES);
        Map<String, Integer> byReference = references(rules);
        Set<Integer> needed = new LinkedHashSet<>();
        for (int i = 0; i < rules.size(); i++) {
            LoadedRule entry = rules.get(i);
            if (entry.status() == LoadedRule.Status.OK && entry.rule() instanceof Rule.Detection
                    && entry.standalone() && selected.test(entry.metadata())) {
                needed.add(i);
            }
        }
        // correlations in dependency order: a chained correlation runs after the correlations it reads
        List<Integer> correlations = new ArrayList<>();
        Set<Integer> feeding = new HashSet<>();
        for (int i = 0; i < rules.size(); i++) {
            LoadedRule entry = rules.get(i);
            if (entry.status() == LoadedRule.Status.OK && entry.rule() instanceof Rule.Correlation
                    && entry.standalone() && selected.test(entry.metadata())) {
                plan(i, rules, byReference, needed, correlations, feeding);
            }
        }
        List<RuleRun> runs = new ArrayList<>();
        phases = new LinkedHashMap<>();
        listener.started(needed.size() + correlations.size());
        Set<Integer> evaluated = new LinkedHashSet<>();
        Map<Integer, String> outputs = new HashMap<>();
        FirstSeenRunner firstSeenRunner = null;
        try {
            Map<Integer, Evaluation> evaluations = evaluate(rules, needed, detections);
            long phaseStart = System.nanoTime();
            Map<Integer, Long> matchCounts = matchCounts();
            MatchedValues values = MatchedValues.none();
            Map<String, String> findingCopies;
            if (oneScanPerRule) {
                detections.keepMatchedEvents();
                findingCopies = Map.of("events", DetectionRunner.MATCHED_EVENTS);
            } else {
                Set<String> eventColumns = copiedValues(rules, correlations, byReference, tables, values);
                detections.keepMatchedEvents(eventColumns, values);
                List<Integer> writing = new ArrayList<>();
                for (int index : needed) {
                    if (matchCounts.getOrDefault(index, 0L) > 0 && rules.get(index).standalone()
                            && selected.test(rules.get(index).metadata())) {
                        writing.add(index);
                    }
                }
                findingCopies = detections.keepFindingRows(writing);
            }
            phase("copy matched rows", phaseStart);
            phaseStart = System.nanoTime();
            firstSeenRunner = new FirstSeenRunner(connection, tables, Map.of(), values);
            try (FindingWriter writer = new FindingWriter(connection, ingestId, findingCopies,
                    findingCopies.get("events"))) {
            for (int index : needed) {
                LoadedRule entry = rules.get(index);
                Evaluation evaluation = evaluations.get(index);
                if (evaluation.mode() == null) {
                    record(runs, new RuleRun(entry.metadata(), evaluation.error() == null ? "no-data" : "failed",
                            evaluation.nanos(), 0, 0, evaluation.error()));
                    continue;
                }
                long ruleStart = System.nanoTime();
                long matches = matchCounts.getOrDefault(index, 0L);
                // a rule without matches has no findings to write: skip its statement
                long findings = matches > 0 && entry.standalone() && selected.test(entry.metadata())
                        ? writer.detection(entry.metadata(), index) : 0;
                record(runs, new RuleRun(entry.metadata(), evaluation.mode().name().toLowerCase(java.util.Locale.ROOT),
                        evaluation.nanos() + System.nanoTime() - ruleStart, matches, findings, null));
                evaluated.add(index);
            }
            phase("detection findings", phaseStart);
            CorrelationRunner correlationRunner = new CorrelationRunner(connection, tables, Map.of(), values);
            for (int index : correlations) {
                LoadedRule entry = rules.get(index);
                Rule.Correlation correlation = (Rule.Correlation) entry.rule();
                long ruleStart = System.nanoTime();
                List<MatchedRows.Input> inputs = new ArrayList<>();
                List<MatchedRows.Reference> references = new ArrayList<>();
                for (int position = 0; position < correlation.references().size(); position++) {
                    Integer target = byReference.get(correlation.references().get(position));
                    if (target != null && evaluated.contains(target)) {
                        MatchedRows.Reference reference = new MatchedRows.Reference(target, position,
                                (Rule.Detection) rules.get(target).rule());
                        references.add(reference);
                        inputs.add(reference);
                    } else if (target != null && outputs.containsKey(target)) {
                        inputs.add(new MatchedRows.Output(outputs.get(target), position,
                                (Rule.Correlation) rules.get(target).rule()));
                    }
                }
                boolean emit = entry.standalone() && selected.test(entry.metadata());
                String output = feeding.contains(index) ? CorrelationRunner.outputTable(index) : null;
                if (inputs.isEmpty()) {
                    record(runs, new RuleRun(entry.metadata(), "no-data", System.nanoTime() - ruleStart, 0, 0, null));
                    continue;
                }
                String phase = correlation.type() == CorrelationType.FIRST_SEEN ? "first-seen rules" : "correlations";
                try {
                    long findings = correlation.type() == CorrelationType.FIRST_SEEN
                            ? firstSeenRunner.run(correlation, references, writer)
                            : correlationRunner.run(correlation, inputs, emit ? writer : null, output);
                    writer.flush();
                    if (output != null) {
                        outputs.put(index, output);
                    }
                    if (!emit) {
                        findings = 0;
                    }
                    record(runs, new RuleRun(entry.metadata(), correlation.type().label(),
                            System.nanoTime() - ruleStart, 0, findings, null));
                } catch (SQLException | RuleException e) {
                    record(runs, new RuleRun(entry.metadata(), "failed", System.nanoTime() - ruleStart, 0, 0,
                            e.getMessage()));
                }
                phase(phase, ruleStart);
            }
            }
        } finally {
            execute("DELETE FROM " + DetectionRunner.MATCHES);
            detections.dropMatchedEvents();
            if (firstSeenRunner != null) {
                firstSeenRunner.close();
            }
            for (String output : outputs.values()) {
                execute("DROP TABLE IF EXISTS " + output);
            }
        }
        return new HuntResult(runs, System.nanoTime() - start, phases);
    }

    /** Adds the time since {@code start} to a phase of the hunt. */
    private void phase(String name, long start) {
        phases.merge(name, System.nanoTime() - start, Long::sum);
    }

    /**
     * What correlations read from matched rows: returns the {@code events} columns (those every correlation finding
     * reads among them) and adds each correlation's group-by, value and first-seen fields in the tables of the
     * detection rules it references to {@code values}. (What detection findings read more is copied for their rows
     * alone.)
     */
    private static Set<String> copiedValues(List<LoadedRule> rules, List<Integer> correlations,
                                            Map<String, Integer> byReference, CaseTables tables, MatchedValues values) {
        Set<String> events = new java.util.TreeSet<>(MatchedRows.EVENT_COLUMNS);
        for (int index : correlations) {
            Rule.Correlation correlation = (Rule.Correlation) rules.get(index).rule();
            List<MatchedRows.Reference> references = new ArrayList<>();
            for (int position = 0; position < correlation.references().size(); position++) {
                Integer target = byReference.get(correlation.references().get(position));
                if (target != null && rules.get(target).rule() instanceof Rule.Detection detection) {
                    references.add(new MatchedRows.Reference(target, position, detection));
                }
            }
            List<String> keys = new ArrayList<>(correlation.groupBy());
            boolean withValue = correlation.field() != null;
            if (correlation.type() == CorrelationType.FIRST_SEEN) {
                keys.addAll(correlation.fields());
                withValue = false;
            }
            try {
                MatchedRows.sourceValues(correlation, references, keys, withValue, tables, events, values);
            } catch (IllegalStateException | RuleException e) {
                // the correlation reports its own error when it runs
            }
        }
        // a column the case lacks stays out of the copy: the rule reading it fails alone, as over the table
        events.removeIf(column -> !tables.has("events", column));
        return events;
    }

    /** How many rows each detection rule matched, by rule index, in one pass over the matches. */
    private Map<Integer, Long> matchCounts() throws SQLException {
        Map<Integer, Long> counts = new HashMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT rule_index, count(*) FROM " + DetectionRunner.MATCHES
                     + " GROUP BY rule_index")) {
            while (result.next()) {
                counts.put(result.getInt(1), result.getLong(2));
            }
        }
        return counts;
    }

    /** How a detection rule was evaluated (null mode: it did not run, for want of data or because it failed). */
    private record Evaluation(DetectionRunner.@Nullable Mode mode, long nanos, @Nullable String error) {}

    /**
     * Records the matches of the needed detection rules: rules compiled whole to SQL are evaluated together, one
     * scan per table (unless {@link #oneScanPerRule}); the rest, and every rule of a scan that failed, one by one so
     * a failing rule fails alone. A rule evaluated in a shared scan is charged an equal share of its time.
     */
    private Map<Integer, Evaluation> evaluate(List<LoadedRule> rules, Set<Integer> needed, DetectionRunner detections)
            throws SQLException {
        Map<Integer, Evaluation> evaluations = new HashMap<>();
        Map<String, List<SharedScan.Member>> scans = new LinkedHashMap<>();
        Map<String, Boolean> joins = new HashMap<>();
        List<Integer> alone = new ArrayList<>();
        for (int index : needed) {
            Rule.Detection rule = (Rule.Detection) rules.get(index).rule();
            long ruleStart = System.nanoTime();
            if (!detections.hasSource(rule)) {
                evaluations.put(index, new Evaluation(null, System.nanoTime() - ruleStart, null));
                continue;
            }
            DetectionRunner.Compiled compiled;
            try {
                compiled = detections.compile(rule, forceJava);
            } catch (RuleException e) {
                evaluations.put(index, new Evaluation(null, System.nanoTime() - ruleStart, e.getMessage()));
                continue;
            }
            if (compiled.predicate() == null || oneScanPerRule) {
                alone.add(index);
                continue;
            }
            String key = DetectionRunner.scanKey(rule, compiled);
            scans.computeIfAbsent(key, k -> new ArrayList<>()).add(new SharedScan.Member(index, rule, compiled.predicate()));
            joins.putIfAbsent(key, compiled.readsEvents());
        }
        for (Map.Entry<String, List<SharedScan.Member>> scan : scans.entrySet()) {
            List<SharedScan.Member> members = scan.getValue();
            List<Integer> indexes = members.stream().map(SharedScan.Member::index).toList();
            if (members.size() == 1) {
                alone.addAll(indexes);
                continue;
            }
            listener.scanning(members.get(0).rule().service().table(), members.size());
            long scanStart = System.nanoTime();
            try {
                detections.runTogether(members, joins.get(scan.getKey()));
            } catch (SQLException e) {
                // one rule's runtime error (a regex DuckDB rejects) must not fail the others: retry them one by one
                execute("DELETE FROM " + DetectionRunner.MATCHES + " WHERE rule_index IN ("
                        + String.join(", ", indexes.stream().map(String::valueOf).toList()) + ")");
                alone.addAll(indexes);
                continue;
            }
            phase("scan " + members.get(0).rule().service().table()
                    + (scan.getKey().endsWith("+events") ? " with events" : ""), scanStart);
            long share = (System.nanoTime() - scanStart) / members.size();
            for (int index : indexes) {
                evaluations.put(index, new Evaluation(DetectionRunner.Mode.SQL, share, null));
            }
        }
        alone.sort(null);
        for (int index : alone) {
            Rule.Detection rule = (Rule.Detection) rules.get(index).rule();
            long ruleStart = System.nanoTime();
            try {
                DetectionRunner.Mode mode = detections.run(index, rule, forceJava);
                evaluations.put(index, new Evaluation(mode, System.nanoTime() - ruleStart, null));
            } catch (SQLException | RuleException e) {
                evaluations.put(index, new Evaluation(null, System.nanoTime() - ruleStart, e.getMessage()));
            }
            phase("rules evaluated alone", ruleStart);
        }
        return evaluations;
    }

    /** Adds a correlation after everything it reads: detection rules to run, and (first) the correlations. */
    private static void plan(int index, List<LoadedRule> rules, Map<String, Integer> byReference, Set<Integer> needed,
                             List<Integer> order, Set<Integer> feeding) {
        if (order.contains(index)) {
            return;
        }
        Rule.Correlation correlation = (Rule.Correlation) rules.get(index).rule();
        for (String reference : correlation.references()) {
            Integer target = byReference.get(reference);
            if (target == null) {
                continue;
            }
            if (rules.get(target).rule() instanceof Rule.Correlation) {
                feeding.add(target);
                plan(target, rules, byReference, needed, order, feeding);
            } else {
                needed.add(target);
            }
        }
        order.add(index);
    }

    private void record(List<RuleRun> runs, RuleRun run) {
        runs.add(run);
        listener.ruleFinished(run);
    }

    private void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** A rule's id and name to its index among the loaded rules, the first loaded rule winning. */
    static Map<String, Integer> references(List<LoadedRule> rules) {
        Map<String, Integer> byReference = new HashMap<>();
        for (int i = 0; i < rules.size(); i++) {
            RuleMetadata metadata = rules.get(i).metadata();
            if (rules.get(i).status() == LoadedRule.Status.OK) {
                if (metadata.id() != null) {
                    byReference.putIfAbsent(metadata.id(), i);
                }
                if (metadata.name() != null) {
                    byReference.putIfAbsent(metadata.name(), i);
                }
            }
        }
        return byReference;
    }
}
