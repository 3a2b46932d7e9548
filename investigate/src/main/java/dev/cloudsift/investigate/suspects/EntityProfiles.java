package dev.cloudsift.investigate.suspects;

import dev.cloudsift.core.Nullable;
import dev.cloudsift.investigate.CaseTables;
import dev.cloudsift.store.CaseParts;
import dev.cloudsift.store.CaseStoreException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Per-entity figures over every event: for each principal, access key and source address its event count, first and
 * last time, failures and the number of distinct sources and regions. Grouping ten million events by entity costs
 * several CPU seconds (every address may be distinct), so the figures are written once as Parquet under the case's
 * {@code cache/} folder, named for a digest of the committed parts: any ingest or compaction changes the digest and
 * the next use writes them anew. Where the case folder cannot be written the figures are computed in the query.
 */
final class EntityProfiles {
    static final String CACHE = "cache";
    private static final String PREFIX = "entity-profile-v2-";
    /** Distinct entities grouped per pass: each pass's hash table must fit DuckDB's memory with room to spare. */
    private static final long ENTITIES_PER_PASS = 2_000_000;
    private static final String[][] KINDS = {{"principal", "principal"}, {"access key", "access_key_id"}, {"ip", "src_ip"}};

    private EntityProfiles() {}

    /** A SQL relation with the columns kind, v, events, first_at, last_at, failures, sources, regions. */
    static EntityProfiles.Figures of(Connection connection) throws SQLException {
        Path folder = caseFolder(connection);
        String digest = folder == null ? null : digest(connection);
        if (digest != null) {
            Path cached = folder.resolve(CACHE).resolve(PREFIX + digest);
            try {
                if (!Files.isDirectory(cached)) {
                    write(connection, folder.resolve(CACHE), cached);
                }
                String span = "read_parquet(" + literal(cached.resolve("span.parquet").toString()) + ")";
                return new Figures("read_parquet(" + literal(cached.resolve("p-*.parquet").toString()) + ")",
                        "SELECT min_time, max_time FROM " + span, true);
            } catch (IOException | SQLException e) {
                // a read-only case folder (or a full disk) costs the cache, not the answer
            }
        }
        return new Figures("(" + profileSql(null, 1, 0, DICTIONARIES) + ")", SPAN, false);
    }

    /**
     * Where the figures are: {@code relation} a SQL relation with the columns kind, v, events, first_at, last_at,
     * failures, sources, regions, base (the context points that do not depend on the incident window), reach (base
     * and the most the actions can add) and seen (first_at in microseconds, never null); {@code span}
     * a query for the first and last event time of the case; {@code stored} whether the relation is a file, cheap to
     * scan several times, or the grouping query itself.
     */
    record Figures(String relation, String span, boolean stored) {
        Figures {
            java.util.Objects.requireNonNull(relation, "relation");
            java.util.Objects.requireNonNull(span, "span");
        }
    }

    private static final String SPAN = "SELECT min(event_time) AS min_time, max(event_time) AS max_time FROM events";

    /** The case folder DuckDB resolves the parts against, or null when the connection is not over a case. */
    private static @Nullable Path caseFolder(Connection connection) {
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT current_setting('file_search_path')")) {
            String value = result.next() ? result.getString(1) : null;
            return value == null || value.isBlank() || value.contains(",") ? null : Path.of(value);
        } catch (SQLException | RuntimeException e) {
            return null;
        }
    }

    /** A digest of the committed parts (paths, hashes, rows), or null for a store without a parts table. */
    private static @Nullable String digest(Connection connection) throws SQLException {
        if (!CaseTables.exists(connection, "parts")) {
            return null;
        }
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT md5(coalesce(string_agg(path || ':' || coalesce(sha256, '')"
                     + " || ':' || coalesce(CAST(rows AS VARCHAR), ''), ',' ORDER BY path), '')) FROM parts")) {
            return result.next() ? result.getString(1) : null;
        }
    }

    /**
     * Writes the figures into a fresh folder moved into place at the end, so a reader never sees half of them; each
     * kind is grouped in as many passes (by a hash of the value) as its distinct count needs, so memory stays bounded.
     */
    private static void write(Connection connection, Path cacheRoot, Path target) throws IOException, SQLException {
        Files.createDirectories(cacheRoot);
        Path staging = Files.createTempDirectory(cacheRoot, ".writing-");
        try {
            long[] distinct = new long[KINDS.length];
            String dictionaries;
            // the case's span and what sizes the passes come from one scan of the events, kept beside the figures
            Path span = staging.resolve("span.parquet");
            try (Statement statement = connection.createStatement()) {
                statement.execute("COPY (SELECT min(event_time) AS min_time, max(event_time) AS max_time,"
                        + " approx_count_distinct(principal) AS principals, approx_count_distinct(access_key_id) AS keys,"
                        + " approx_count_distinct(src_ip) AS addresses,"
                        + " list(DISTINCT source ORDER BY source) FILTER (WHERE source IS NOT NULL) AS sources,"
                        + " list(DISTINCT region ORDER BY region) FILTER (WHERE region IS NOT NULL) AS regions FROM events) TO "
                        + literal(span.toString()) + " (FORMAT parquet)");
            }
            try (Statement statement = connection.createStatement();
                 ResultSet result = statement.executeQuery("SELECT principals, keys, addresses, sources, regions FROM read_parquet("
                         + literal(span.toString()) + ")")) {
                result.next();
                for (int i = 0; i < KINDS.length; i++) {
                    distinct[i] = result.getLong(i + 1);
                }
                dictionaries = "SELECT " + listLiteral(result.getArray(4)) + " AS s, " + listLiteral(result.getArray(5)) + " AS r";
            }
            try (Statement statement = connection.createStatement()) {
                for (int i = 0; i < KINDS.length; i++) {
                    int passes = (int) Math.max(1, (distinct[i] + ENTITIES_PER_PASS - 1) / ENTITIES_PER_PASS);
                    for (int pass = 0; pass < passes; pass++) {
                        Path file = staging.resolve("p-" + i + "-" + pass + ".parquet");
                        statement.execute("COPY (" + profileSql(KINDS[i], passes, pass, dictionaries) + ") TO "
                                + literal(file.toString()) + " (FORMAT parquet, COMPRESSION snappy)");
                    }
                }
            }
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                if (!Files.isDirectory(target)) {
                    throw e;
                }
                // another process wrote the same figures first
            }
            removeOthers(cacheRoot, target);
        } finally {
            deleteTree(staging);
        }
    }

    /**
     * The figures of one kind (all kinds when {@code kind} is null), for the values whose hash falls in {@code pass} of
     * {@code passes}. Distinct sources and regions are counted as bits of a mask over the case's own lists of them
     * (62 of each are told apart, beyond which the rest share a bit), which needs no per-entity set in memory.
     */
    private static String profileSql(String @Nullable [] kind, int passes, int pass, String dictionaries) {
        StringBuilder rows = new StringBuilder();
        for (String[] k : kind == null ? KINDS : new String[][] {kind}) {
            rows.append(rows.length() == 0 ? "" : " UNION ALL ").append("SELECT '").append(k[0]).append("' AS kind, ")
                    .append(k[1]).append(" AS v, event_time, outcome, source, region FROM events WHERE ").append(k[1])
                    .append(" <> ''").append(passes > 1 ? " AND hash(" + k[1] + ") % " + passes + " = " + pass : "");
        }
        return """
                WITH dict AS (%s),
                e AS (%s),
                g AS (SELECT kind, v, count(*) AS events, min(event_time) AS first_at, max(event_time) AS last_at,
                       count(*) FILTER (WHERE outcome = 'failure') AS failures,
                       bit_count(bit_or(CAST(1 AS BIGINT) << least(62, coalesce(list_position(dict.s, source), 63) - 1))
                                 FILTER (WHERE source IS NOT NULL)) AS sources,
                       bit_count(bit_or(CAST(1 AS BIGINT) << least(62, coalesce(list_position(dict.r, region), 63) - 1))
                                 FILTER (WHERE region IS NOT NULL)) AS regions
                FROM e, dict GROUP BY kind, v)
                SELECT *, %s AS base, %s + CASE WHEN events >= 20 THEN 3 WHEN events >= 10 THEN 2 ELSE 0 END AS reach,
                       coalesce(epoch_us(first_at), %d) AS seen
                FROM g""".formatted(dictionaries, rows, BASE, BASE, NEVER_SEEN);
    }

    /**
     * The context points an entity earns whatever the incident window: breadth of sources and regions (its actions
     * add up to 3 more, counted only for the candidates) and its failed share; stored so that the ranking can find the
     * leaders from narrow numeric columns and filter on it where the Parquet reader can skip rows. {@code reach} adds
     * the most the actions can: 3 from 20 events, 2 from 10. {@code seen} is first_at in microseconds, and before any
     * time where it has none, so that "new in the window" and "not" are each one comparison the reader applies.
     */
    static final String BASE = "CAST(least(4, 2 * greatest(0, sources - 1)) + least(3, greatest(0, regions - 1))"
            + " + CASE WHEN events >= 5 AND failures > 0 THEN CAST(round(5 * (CAST(failures AS DOUBLE) / events)) AS INTEGER)"
            + " ELSE 0 END AS INTEGER)";

    /** {@code seen} of an entity whose events all lack a time: before every window. */
    static final long NEVER_SEEN = Long.MIN_VALUE + 1;

    private static void removeOthers(Path cacheRoot, Path keep) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(cacheRoot, PREFIX + "*")) {
            for (Path entry : entries) {
                if (!entry.equals(keep)) {
                    deleteTree(entry);
                }
            }
        } catch (IOException e) {
            // stale figures are only disk space: the digest keeps them from being read
        }
    }

    /** Best effort: a cache folder left behind is only disk space, as the digest keeps it from being read. */
    private static void deleteTree(Path root) {
        try {
            CaseParts.deleteTree(root);
        } catch (CaseStoreException e) {
            // as above
        }
    }

    /** The case's sources and regions, in the order their bits are given. */
    private static final String DICTIONARIES = "SELECT (SELECT list(DISTINCT source ORDER BY source) FROM events) AS s,"
            + " (SELECT list(DISTINCT region ORDER BY region) FROM events) AS r";

    private static String listLiteral(java.sql.@Nullable Array array) throws SQLException {
        StringBuilder list = new StringBuilder("CAST([");
        if (array != null) {
            Object[] values = (Object[]) array.getArray();
            for (int i = 0; i < values.length; i++) {
                list.append(i == 0 ? "" : ", ").append(literal(String.valueOf(values[i])));
            }
        }
        return list.append("] AS VARCHAR[])").toString();
    }

    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
