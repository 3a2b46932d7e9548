package dev.cloudsift.detect;

import dev.cloudsift.core.Nullable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds the rows detection rules match and records them in the {@code cloudsift_matches} temp table.
 * Rules whose whole expression compiles to SQL and that read the same table are evaluated together in one scan of
 * it ({@link #runTogether}): a Parquet scan costs far more than one more predicate per row. A rule that does not
 * compile runs alone: the expressible conjuncts prefilter in SQL and the Java evaluator decides over a record built
 * from the row. Once every rule has run, {@link #keepMatchedEvents} copies the matched rows' events into
 * {@link #MATCHED_EVENTS}, so findings and correlations join a few rows instead of scanning {@code events} per rule.
 */
final class DetectionRunner {
    static final String MATCHES = "cloudsift_matches";
    /** The {@code events} rows of every matched row (see {@link #keepMatchedEvents}). */
    static final String MATCHED_EVENTS = "cloudsift_matched_events";
    /** Each matched row's rule indexes, as a list (see {@link #RULES}). */
    private static final String HITS = "cloudsift_hits";
    /**
     * The column of {@link #MATCHED_EVENTS} and of each {@link #matchedRows} copy listing the rules the row matched:
     * a correlation selects its rows by a filter on it instead of joining the matches, which cost a hash table
     * over all the matched rows for each correlation, however few rows it read.
     */
    static final String RULES = "cloudsift_rules";
    private static final int BATCH = 1_000;

    /** How a rule was evaluated. */
    enum Mode { SQL, JAVA }

    private final Connection connection;
    private final CaseTables tables;
    /** Whether each source table read so far holds a row (see {@link #empty}). */
    private final Map<String, Boolean> holdsRows = new java.util.HashMap<>();

    DetectionRunner(Connection connection, CaseTables tables) throws SQLException {
        this.connection = connection;
        this.tables = tables;
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TEMP TABLE IF NOT EXISTS " + MATCHES + " (rule_index INTEGER, row_id BIGINT)");
        }
    }

    /** Whether the case holds the rule's source table (a rule for an absent source simply has nothing to read). */
    boolean hasSource(Rule.Detection rule) {
        return tables.has(rule.service().table()) && tables.has("events");
    }

    /** A rule's whole expression as a SQL predicate (null: it needs Java) and whether it reads {@code events}. */
    record Compiled(@Nullable String predicate, boolean readsEvents) {}

    /**
     * Compiles a rule for its table; fails with a {@link RuleException} when the case lacks a column its fields map
     * to. {@code forceJava} leaves every rule to the Java evaluator.
     */
    Compiled compile(Rule.Detection rule, boolean forceJava) {
        FieldSql fieldSql = new FieldSql(rule.service(), tables);
        for (Map.Entry<String, FieldLocation> field : rule.fields().entrySet()) {
            fieldSql.check(field.getKey(), field.getValue());
        }
        SqlCompiler compiler = new SqlCompiler(rule.fields(), fieldSql);
        String predicate = forceJava ? null : compiler.compile(rule.expression());
        return new Compiled(predicate, compiler.readsEvents());
    }

    /** What rules are evaluated together: those reading the same table, and the events view beside it or not. */
    static String scanKey(Rule.Detection rule, Compiled compiled) {
        return rule.service().table() + (compiled.readsEvents() && !rule.service().eventsOnly() ? "+events" : "");
    }

    /** Records the rule's matches under {@code index}; returns how the rule was evaluated. */
    Mode run(int index, Rule.Detection rule, boolean forceJava) throws SQLException {
        Compiled compiled = compile(rule, forceJava);
        if (compiled.predicate() != null) {
            String sql = "INSERT INTO " + MATCHES + " SELECT " + index + ", " + rowId(rule) + " FROM "
                    + from(rule, compiled.readsEvents()) + " WHERE " + compiled.predicate();
            execute(sql, rule.service().table());
            return Mode.SQL;
        }
        runInJava(index, rule, new FieldSql(rule.service(), tables), forceJava);
        return Mode.JAVA;
    }

    /**
     * Records the matches of several rules of one {@link #scanKey} in one scan (see {@link SharedScan}), one match
     * per (rule, row); {@code members} are in index order and share table and joins.
     */
    void runTogether(List<SharedScan.Member> members, boolean readsEvents) throws SQLException {
        Rule.Detection sample = members.get(0).rule();
        boolean eventsOnly = sample.service().eventsOnly();
        String sql = "INSERT INTO " + MATCHES + " " + SharedScan.select(members, sample.service().table(),
                eventsOnly ? "e" : "s", readsEvents && !eventsOnly ? " JOIN events e ON e.row_id = s.row_id" : "",
                tables);
        execute(sql, sample.service().table());
    }

    /**
     * Runs a statement that records matches of rules over {@code table}, or, when the table holds no row, only
     * prepares it: a rule that cannot bind (a regex DuckDB rejects) still fails, and nothing reads the events view a
     * rule of an absent source joins (which cost as much as a rule over the whole case).
     */
    private void execute(String sql, String table) throws SQLException {
        if (empty(table)) {
            connection.prepareStatement(sql).close();
            return;
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** Whether a table holds no row (the view of a source the case has no parts of), asked once per table. */
    private boolean empty(String table) throws SQLException {
        Boolean holds = holdsRows.get(table);
        if (holds == null) {
            try (Statement statement = connection.createStatement();
                 ResultSet row = statement.executeQuery("SELECT 1 FROM " + SqlText.identifier(table) + " LIMIT 1")) {
                holds = row.next();
            }
            holdsRows.put(table, holds);
        }
        return !holds;
    }

    /**
     * Copies the {@code events} rows of every matched row into {@link #MATCHED_EVENTS} in one scan; findings and
     * correlations read matched rows' events from there.
     */
    void keepMatchedEvents() throws SQLException {
        keepMatchedEvents(List.of());
    }

    /**
     * As {@link #keepMatchedEvents()}, copying only the given columns (all when empty): the columns a hunt reads
     * from matched rows are a few of those of {@code events}, and leaving out the others (the origin file's path
     * joined from the ledger, the geo columns) makes the copy cheaper.
     */
    void keepMatchedEvents(java.util.Collection<String> columns) throws SQLException {
        keepMatchedEvents(columns, MatchedValues.none());
    }

    /**
     * As {@link #keepMatchedEvents(java.util.Collection)}, with the source tables' {@code values} beside the events
     * columns, each read from its table in the same statement: correlations then read this one table (see
     * {@link MatchedRows#query(Rule.Correlation, List, List, boolean, CaseTables, Map, MatchedValues)}). A table's
     * values are read from its stored columns alone when those hold every column they read (no geoip join).
     */
    void keepMatchedEvents(java.util.Collection<String> columns, MatchedValues values) throws SQLException {
        StringBuilder select = new StringBuilder();
        for (String column : new java.util.TreeSet<>(columns)) {
            select.append(select.length() == 0 ? "" : ", ").append("e.").append(SqlText.identifier(column));
        }
        StringBuilder joins = new StringBuilder();
        int table = 0;
        for (Map.Entry<String, Map<String, String>> source : values.byTable().entrySet()) {
            String name = source.getKey();
            if (!tables.has(name) || source.getValue().isEmpty()) {
                continue;
            }
            String stored = dev.cloudsift.store.CaseParts.stored(name);
            boolean storedHasAll = tables.has(stored, "row_id")
                    && values.reads(name).stream().allMatch(column -> tables.has(stored, column));
            String alias = "v" + table++;
            StringBuilder read = new StringBuilder("SELECT s.row_id");
            source.getValue().forEach((expression, column) -> {
                read.append(", ").append(expression).append(" AS ").append(column);
                select.append(", ").append(alias).append('.').append(column);
            });
            read.append(" FROM ").append(SqlText.identifier(storedHasAll ? stored : name)).append(" s");
            joins.append(" LEFT JOIN (").append(read).append(") ").append(alias).append(" ON ").append(alias)
                    .append(".row_id = e.row_id");
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE OR REPLACE TEMP TABLE " + HITS + " AS SELECT row_id, list(rule_index) AS "
                    + RULES + " FROM " + MATCHES + " GROUP BY row_id");
            statement.execute("CREATE OR REPLACE TEMP TABLE " + MATCHED_EVENTS + " AS SELECT "
                    + (columns.isEmpty() ? "e.*" : "") + select + ", h." + RULES + " FROM events e JOIN " + HITS
                    + " h ON h.row_id = e.row_id" + joins);
        }
    }

    /** The temp table {@link #keepMatchedRows} copies a source table's matched rows into. */
    static String matchedRows(String table) {
        return "cloudsift_matched_" + table;
    }

    /**
     * Copies, per source table, the given columns (and {@code row_id}) of every matched row into
     * {@link #matchedRows}, in one scan of each table; returns the copies by table. Correlations and findings then
     * join a few rows kept in memory instead of scanning the whole table once per rule. The copy reads the stored
     * columns alone when they hold every column asked for (no geoip join for columns that are not geo).
     */
    Map<String, String> keepMatchedRows(Map<String, ? extends java.util.Collection<String>> columnsByTable)
            throws SQLException {
        Map<String, String> copies = new java.util.TreeMap<>();
        for (Map.Entry<String, ? extends java.util.Collection<String>> entry : columnsByTable.entrySet()) {
            String table = entry.getKey();
            if (!tables.has(table) || entry.getValue().isEmpty()) {
                continue;
            }
            java.util.Set<String> columns = new java.util.TreeSet<>(entry.getValue());
            columns.remove("row_id");
            String stored = dev.cloudsift.store.CaseParts.stored(table);
            boolean storedHasAll = tables.has(stored, "row_id")
                    && columns.stream().allMatch(column -> tables.has(stored, column));
            StringBuilder select = new StringBuilder("SELECT s.row_id");
            for (String column : columns) {
                if (!tables.has(table, column)) {
                    throw new RuleException("column " + column + " is missing from " + table);
                }
                select.append(", s.").append(SqlText.identifier(column));
            }
            select.append(", h.").append(RULES).append(" FROM ").append(SqlText.identifier(storedHasAll ? stored : table))
                    .append(" s JOIN ").append(HITS).append(" h ON h.row_id = s.row_id");
            String copy = matchedRows(table);
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE OR REPLACE TEMP TABLE " + copy + " AS " + select);
            }
            copies.put(table, copy);
        }
        return copies;
    }

    /** The events columns of the rows detection findings are written for (see {@link #keepFindingRows}). */
    static final String FINDING_EVENTS = "cloudsift_finding_events";
    /** The CloudTrail columns finding summaries name, for the same rows. */
    private static final String FINDING_CLOUDTRAIL = "cloudsift_finding_cloudtrail";

    /**
     * Copies what detection findings read beyond what correlations do (the events message and action, the
     * CloudTrail request and response) for the rows of the given rules alone: the rules that write findings
     * match a few rows, the building blocks of correlations most of the table, and copying those large columns
     * for every matched row cost more than the correlations' own columns. Returns {@code events} (and
     * {@code cloudtrail} when the case has it) mapped to the copies.
     */
    Map<String, String> keepFindingRows(java.util.Collection<Integer> ruleIndexes) throws SQLException {
        String rows = "(SELECT row_id FROM " + MATCHES + " WHERE rule_index IN (" + (ruleIndexes.isEmpty() ? "NULL"
                : String.join(", ", ruleIndexes.stream().map(String::valueOf).toList())) + "))";
        Map<String, String> copies = new java.util.TreeMap<>();
        StringBuilder events = new StringBuilder();
        for (String column : FindingWriter.EVENT_COLUMNS) {
            events.append(events.length() == 0 ? "" : ", ").append(SqlText.identifier(column));
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE OR REPLACE TEMP TABLE " + FINDING_EVENTS + " AS SELECT " + events
                    + " FROM events WHERE row_id IN " + rows);
            copies.put("events", FINDING_EVENTS);
            if (tables.has("cloudtrail")) {
                String stored = dev.cloudsift.store.CaseParts.stored("cloudtrail");
                List<String> columns = FindingWriter.TARGET_COLUMNS.stream()
                        .filter(column -> tables.has("cloudtrail", column)).toList();
                boolean storedHasAll = tables.has(stored, "row_id")
                        && columns.stream().allMatch(column -> tables.has(stored, column));
                StringBuilder select = new StringBuilder("row_id");
                columns.forEach(column -> select.append(", ").append(SqlText.identifier(column)));
                statement.execute("CREATE OR REPLACE TEMP TABLE " + FINDING_CLOUDTRAIL + " AS SELECT " + select
                        + " FROM " + SqlText.identifier(storedHasAll ? stored : "cloudtrail") + " WHERE row_id IN "
                        + rows);
                copies.put("cloudtrail", FINDING_CLOUDTRAIL);
            }
        }
        return copies;
    }

    /** Drops what {@link #keepMatchedEvents}, {@link #keepMatchedRows} and {@link #keepFindingRows} kept. */
    void dropMatchedEvents() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + MATCHED_EVENTS);
            statement.execute("DROP TABLE IF EXISTS " + HITS);
            statement.execute("DROP TABLE IF EXISTS " + FINDING_EVENTS);
            statement.execute("DROP TABLE IF EXISTS " + FINDING_CLOUDTRAIL);
            for (String table : tables.names()) {
                statement.execute("DROP TABLE IF EXISTS " + matchedRows(table));
            }
        }
    }

    /** The row ids a rule matches, in order (for tests comparing the two evaluators). */
    List<Long> matchingRows(Rule.Detection rule, boolean forceJava) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("DELETE FROM " + MATCHES + " WHERE rule_index = -1");
        }
        run(-1, rule, forceJava);
        return takeMatches();
    }

    /**
     * The rows the Java evaluator matches, reading only the rows the rule's SQL prefilter keeps (the conjuncts of a
     * top-level AND that SQL expresses, as the local hunt's Java path reads them): every row the rule can match, and
     * few of the others, so the evaluator decodes a fraction of the table.
     */
    List<Long> matchingRowsInJava(Rule.Detection rule) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("DELETE FROM " + MATCHES + " WHERE rule_index = -1");
        }
        compile(rule, true);
        runInJava(-1, rule, new FieldSql(rule.service(), tables), false);
        return takeMatches();
    }

    private List<Long> takeMatches() throws SQLException {
        List<Long> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT row_id FROM " + MATCHES
                     + " WHERE rule_index = -1 ORDER BY row_id")) {
            while (result.next()) {
                rows.add(result.getLong(1));
            }
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("DELETE FROM " + MATCHES + " WHERE rule_index = -1");
        }
        return rows;
    }

    private static String rowId(Rule.Detection rule) {
        return rule.service().eventsOnly() ? "e.row_id" : "s.row_id";
    }

    private static String from(Rule.Detection rule, boolean readsEvents) {
        if (rule.service().eventsOnly()) {
            return "events e";
        }
        String source = SqlText.identifier(rule.service().table()) + " s";
        return readsEvents ? source + " JOIN events e ON e.row_id = s.row_id" : source;
    }

    private void runInJava(int index, Rule.Detection rule, FieldSql fieldSql, boolean forceJava) throws SQLException {
        SqlCompiler compiler = new SqlCompiler(rule.fields(), fieldSql);
        String prefilter = forceJava ? null : compiler.prefilter(rule.expression());
        List<String> names = new ArrayList<>(rule.fields().keySet());
        StringBuilder select = new StringBuilder("SELECT ").append(rowId(rule));
        boolean readsEvents = compiler.readsEvents();
        for (String name : names) {
            FieldLocation location = rule.fields().get(name);
            readsEvents |= fieldSql.readsEvents(location);
            select.append(", ").append(fieldSql.text(location))
                    .append(", ").append(fieldSql.number(location))
                    .append(", ").append(fieldSql.exists(location));
        }
        // the record text is large (the raw record for CloudTrail): read it only for keyword searches
        boolean keywords = usesKeywords(rule.expression());
        readsEvents |= keywords && fieldSql.textReadsEvents();
        select.append(", ").append(keywords ? fieldSql.recordText() : "NULL");
        select.append(" FROM ").append(from(rule, readsEvents));
        if (prefilter != null) {
            select.append(" WHERE ").append(prefilter);
        }
        if (empty(rule.service().table())) {
            connection.prepareStatement(select.toString()).close();
            return;
        }
        JavaMatcher matcher = new JavaMatcher(rule.expression(), jsonFields(rule));
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(select.toString());
             PreparedStatement insert = connection.prepareStatement("INSERT INTO " + MATCHES + " VALUES (?, ?)")) {
            int pending = 0;
            RowRecord record = new RowRecord(names, rows);
            while (rows.next()) {
                if (matcher.matches(record)) {
                    insert.setInt(1, index);
                    insert.setLong(2, rows.getLong(1));
                    insert.addBatch();
                    if (++pending == BATCH) {
                        OneTransaction.executeBatch(connection, insert);
                        pending = 0;
                    }
                }
            }
            if (pending > 0) {
                OneTransaction.executeBatch(connection, insert);
            }
        }
    }

    /** The rule's fields read from JSON (their text tests also try JSON kept as strings inside, decoded). */
    static java.util.Set<String> jsonFields(Rule.Detection rule) {
        java.util.Set<String> json = new java.util.HashSet<>();
        rule.fields().forEach((name, location) -> {
            if (location.place() == FieldLocation.Place.JSON) {
                json.add(name);
            }
        });
        return json;
    }

    static boolean usesKeywords(Expression expression) {
        if (expression instanceof Expression.Keyword) {
            return true;
        }
        if (expression instanceof Expression.All all) {
            return all.children().stream().anyMatch(DetectionRunner::usesKeywords);
        }
        if (expression instanceof Expression.AtLeast atLeast) {
            return atLeast.children().stream().anyMatch(DetectionRunner::usesKeywords);
        }
        return expression instanceof Expression.Not not && usesKeywords(not.child());
    }

    /** The current result row seen as a record: columns 2.. hold text, number and presence per field. */
    private static final class RowRecord implements RecordView {
        private final Map<String, Integer> positions = new java.util.HashMap<>();
        private final ResultSet rows;
        private final int textColumn;

        RowRecord(List<String> names, ResultSet rows) {
            this.rows = rows;
            for (int i = 0; i < names.size(); i++) {
                positions.put(names.get(i), 2 + i * 3);
            }
            this.textColumn = 2 + names.size() * 3;
        }

        @Override
        public @Nullable String text(String field) {
            return read(() -> rows.getString(positions.get(field)));
        }

        @Override
        public @Nullable Double number(String field) {
            return read(() -> {
                double value = rows.getDouble(positions.get(field) + 1);
                return rows.wasNull() ? null : value;
            });
        }

        @Override
        public boolean exists(String field) {
            Boolean present = read(() -> rows.getBoolean(positions.get(field) + 2));
            return Boolean.TRUE.equals(present);
        }

        @Override
        public @Nullable String recordText() {
            return read(() -> rows.getString(textColumn));
        }

        private interface Read<T> {
            T get() throws SQLException;
        }

        private static <T> T read(Read<T> read) {
            try {
                return read.get();
            } catch (SQLException e) {
                throw new IllegalStateException("reading a matched row failed: " + e.getMessage(), e);
            }
        }
    }
}
