package dev.cloudsift.store.summary;

import dev.cloudsift.store.CaseParts;
import dev.cloudsift.store.CaseSchema;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Keeps summaries in the catalogue and serves their rows. Each summary's rows are stored per date partition with the
 * fingerprint of the parts they were computed from ({@value #DATES_TABLE}: the parts' paths and row counts, from the
 * {@code parts} table): a refresh recomputes only the dates whose parts changed, however the parts got there (a local
 * ingest, a Spark job whose catalogue was rebuilt, a copied case), and drops the dates whose parts are gone. A read
 * never returns stale rows: dates not up to date are computed from the parts on the fly, in a read-only case too.
 * Compaction, which replaces parts by others holding the same rows, carries the fingerprints over
 * ({@link #carryOver}). A summary whose SQL changed is rebuilt whole.
 */
public final class Summaries {
    /** The catalogue table listing, per summary and date, the fingerprint its rows were computed from. */
    public static final String DATES_TABLE = "summary_dates";
    private static final String DDL = "CREATE TABLE IF NOT EXISTS " + DATES_TABLE
            + " (name VARCHAR, date VARCHAR, fingerprint VARCHAR, signature VARCHAR, PRIMARY KEY (name, date))";
    /** The date key of parts without a date (rows without a time). */
    private static final String NO_DATE = "";

    private Summaries() {}

    /** Brings every summary of {@link CaseSummaries} up to date (a case opened for writing). */
    public static void refreshAll(Connection connection) throws SQLException {
        for (Summary summary : CaseSummaries.all()) {
            refresh(connection, summary);
        }
    }

    /**
     * Recomputes the dates whose parts changed since the summary's rows were computed and removes the dates that have
     * no parts any more, in one transaction.
     */
    public static void refresh(Connection connection, Summary summary) throws SQLException {
        if (!sourcesPresent(connection, summary)) {
            // nothing of that source in the case yet (and its SQL would not bind): built once it has parts
            return;
        }
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute(DDL);
            Map<String, String> stored = new TreeMap<>();
            boolean current = CaseSchema.exists(connection, summary.table());
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT date, fingerprint, signature FROM " + DATES_TABLE + " WHERE name = ?")) {
                select.setString(1, summary.name());
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        stored.put(rows.getString(1), rows.getString(2));
                        current &= signature(summary).equals(rows.getString(3));
                    }
                }
            }
            if (!current) {
                statement.execute("DROP TABLE IF EXISTS " + summary.table());
                delete(connection, summary, stored.keySet());
                stored.clear();
                statement.execute("CREATE TABLE " + summary.table() + " AS " + summary.select("false"));
            }
            Map<String, String> now = fingerprints(connection, summary, null);
            Set<String> stale = new TreeSet<>();
            now.forEach((date, fingerprint) -> {
                if (!fingerprint.equals(stored.get(date))) {
                    stale.add(date);
                }
            });
            Set<String> outdated = new TreeSet<>(stale);
            stored.keySet().stream().filter(date -> !now.containsKey(date)).forEach(outdated::add);
            if (!outdated.isEmpty()) {
                statement.execute("DELETE FROM " + summary.table() + " WHERE coalesce(part_date, '') IN " + literals(outdated));
                delete(connection, summary, outdated);
            }
            if (!stale.isEmpty()) {
                statement.execute("INSERT INTO " + summary.table() + " "
                        + summary.select(stale.size() == now.size() ? "true" : datePredicate(stale)));
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + DATES_TABLE + " VALUES (?, ?, ?, ?)")) {
                    for (String date : stale) {
                        insert.setString(1, summary.name());
                        insert.setString(2, date);
                        insert.setString(3, now.get(date));
                        insert.setString(4, signature(summary));
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    /**
     * A relation (a table name or a parenthesised query) of the summary's rows for the case as its parts are now:
     * the stored rows of the dates that are up to date, and the rows of the others computed from their parts once per
     * connection into a temporary table (so several readers of the same summary pay for them once). Works on a
     * read-only case; without stored rows every date is computed.
     */
    public static String rows(Connection connection, Summary summary) throws SQLException {
        Map<String, String> stored = stored(connection, summary);
        Map<String, String> now = fingerprints(connection, summary, null);
        Set<String> fresh = new TreeSet<>();
        Map<String, String> stale = new TreeMap<>();
        now.forEach((date, fingerprint) -> {
            if (fingerprint.equals(stored.get(date))) {
                fresh.add(date);
            } else {
                stale.put(date, fingerprint);
            }
        });
        if (stale.isEmpty() && fresh.size() == stored.size() && CaseSchema.exists(connection, summary.table())) {
            return summary.table();
        }
        List<String> branches = new ArrayList<>();
        if (!fresh.isEmpty()) {
            branches.add("SELECT * FROM " + summary.table() + " WHERE coalesce(part_date, '') IN " + literals(fresh));
        }
        if (!stale.isEmpty()) {
            String computed = "temp_" + summary.table() + "_" + digest(signature(summary) + stale).substring(0, 16);
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TEMP TABLE IF NOT EXISTS " + computed + " AS "
                        + summary.select(stale.size() == now.size() ? "true" : datePredicate(stale.keySet())));
            }
            branches.add("SELECT * FROM " + computed);
        }
        return branches.isEmpty() ? "(" + summary.select("false") + ")" : "(" + String.join("\nUNION ALL\n", branches) + ")";
    }

    /** Whether every date of the summary is stored and up to date: reading it scans no part. */
    public static boolean upToDate(Connection connection, Summary summary) throws SQLException {
        if (!sourcesPresent(connection, summary)) {
            return true; // nothing to summarise until its source has parts
        }
        return CaseSchema.exists(connection, summary.table()) && stored(connection, summary).equals(fingerprints(connection, summary, null));
    }

    private static boolean sourcesPresent(Connection connection, Summary summary) throws SQLException {
        for (String table : summary.tables()) {
            if (!CaseSchema.exists(connection, CaseParts.stored(table))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The fingerprints of one date for every summary, taken before its parts are replaced by parts holding the same
     * rows (compaction); hand them to {@link #carryOver} once the new parts are listed, in the same transaction.
     */
    public static Map<String, String> before(Connection connection, String date) throws SQLException {
        Map<String, String> before = new LinkedHashMap<>();
        if (!CaseSchema.exists(connection, DATES_TABLE)) {
            return before;
        }
        for (Summary summary : CaseSummaries.all()) {
            String fingerprint = fingerprints(connection, summary, date == null ? NO_DATE : date).get(date == null ? NO_DATE : date);
            if (fingerprint != null) {
                before.put(summary.name(), fingerprint);
            }
        }
        return before;
    }

    /** Moves the date's stored rows that were up to date before the parts were replaced onto the new parts. */
    public static void carryOver(Connection connection, String date, Map<String, String> before) throws SQLException {
        String key = date == null ? NO_DATE : date;
        for (Summary summary : CaseSummaries.all()) {
            String old = before.get(summary.name());
            String now = fingerprints(connection, summary, key).get(key);
            if (old == null || now == null || old.equals(now)) {
                continue;
            }
            try (PreparedStatement update = connection.prepareStatement("UPDATE " + DATES_TABLE
                    + " SET fingerprint = ? WHERE name = ? AND date = ? AND fingerprint = ?")) {
                update.setString(1, now);
                update.setString(2, summary.name());
                update.setString(3, key);
                update.setString(4, old);
                update.executeUpdate();
            }
        }
    }

    /** Stored fingerprints per date, when the summary's table exists and was computed by this summary's SQL. */
    private static Map<String, String> stored(Connection connection, Summary summary) throws SQLException {
        Map<String, String> stored = new TreeMap<>();
        if (!CaseSchema.exists(connection, DATES_TABLE) || !CaseSchema.exists(connection, summary.table())) {
            return stored;
        }
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT date, fingerprint, signature FROM " + DATES_TABLE + " WHERE name = ?")) {
            select.setString(1, summary.name());
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    if (!signature(summary).equals(rows.getString(3))) {
                        return new TreeMap<>();
                    }
                    stored.put(rows.getString(1), rows.getString(2));
                }
            }
        }
        return stored;
    }

    /** Per date ('' for parts without one), a digest of the paths and row counts of the parts the summary reads. */
    private static Map<String, String> fingerprints(Connection connection, Summary summary, String onlyDate) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT coalesce(date, '') AS d, md5(string_agg(path || ':' || CAST(rows AS VARCHAR), '|'"
                + " ORDER BY path)) FROM parts WHERE table_name <> '" + CaseParts.KEYS_TABLE + "'");
        if (!summary.tables().isEmpty()) {
            sql.append(" AND table_name IN ").append(literals(summary.tables()));
        }
        if (onlyDate != null) {
            sql.append(" AND coalesce(date, '') = ").append(literal(onlyDate));
        }
        sql.append(" GROUP BY 1");
        Map<String, String> fingerprints = new TreeMap<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql.toString())) {
            while (rows.next()) {
                fingerprints.put(rows.getString(1), rows.getString(2));
            }
        }
        return fingerprints;
    }

    private static void delete(Connection connection, Summary summary, Set<String> dates) throws SQLException {
        if (dates.isEmpty()) {
            return;
        }
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM " + DATES_TABLE + " WHERE name = ? AND date IN " + literals(dates))) {
            delete.setString(1, summary.name());
            delete.executeUpdate();
        }
    }

    /**
     * The dates as literals DuckDB prunes part files by ({@code part_date} is the parts' {@code date=} folder), and
     * the parts without a date as {@code part_date IS NULL}.
     */
    static String datePredicate(Set<String> dates) {
        List<String> named = dates.stream().filter(date -> !date.equals(NO_DATE)).toList();
        String predicate = named.isEmpty() ? "false" : "part_date IN " + literals(named);
        return dates.contains(NO_DATE) ? "(" + predicate + " OR part_date IS NULL)" : predicate;
    }

    /** The SHA-256 of a summary's SQL: stored rows computed by other SQL are not this summary's. */
    static String signature(Summary summary) {
        return digest(summary.select());
    }

    private static String digest(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String literals(java.util.Collection<String> values) {
        StringBuilder sql = new StringBuilder("(");
        for (String value : values) {
            sql.append(sql.length() == 1 ? "" : ", ").append(literal(value));
        }
        return sql.append(')').toString();
    }

    private static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
