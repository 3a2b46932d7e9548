package dev.cloudsift.investigate;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Follows one entity through every source with two aggregate scans of {@code events}: one for the per-source
 * picture, one for the entities seen beside it. No per-row Java, so it stays fast on large cases.
 */
public final class EntityPivot {
    /** How many actions and related values of each kind are kept. */
    public static final int TOP = 10;
    /** Findings read per entity (they are shown grouped by rule, so a rule that fired thousands of times is one line). */
    public static final int FINDINGS = 10_000;

    private final Connection connection;

    public EntityPivot(Connection connection) {
        this.connection = Objects.requireNonNull(connection, "connection");
    }

    public EntityProfile profile(EntityMatch given) throws SQLException {
        EntityMatch entity = CaseTables.exists(connection, "entity_index") ? given.withIndex() : given;
        // One scan of events copies the matching rows into a temporary table (temporary objects are allowed on a
        // read-only case); both aggregates then read only those rows. If that fails, each aggregate scans events.
        String rows = "events";
        boolean temporary = false;
        // Cases written before events.anomalies existed, opened read-only, lack the column.
        boolean anomalies = CaseTables.columns(connection, "events").contains("anomalies");
        try (PreparedStatement statement = connection.prepareStatement("CREATE OR REPLACE TEMP TABLE entity_rows AS "
                + entity.unionSql("row_id, source, action, event_time, outcome, principal, access_key_id, src_ip, dst_ip,"
                + " user_agent, account_id, resource" + (anomalies ? ", anomalies" : "")))) {
            int index = 1;
            for (String parameter : entity.branchParameters()) {
                statement.setString(index++, parameter);
            }
            statement.execute();
            rows = "entity_rows";
            temporary = true;
        } catch (SQLException e) {
            rows = "events";
        }
        try {
            String predicate = temporary ? "true" : entity.predicate();
            FindingsTable findings = new FindingsTable(connection);
            // findings that name the entity, and those made from its records (a session key's findings name the role)
            Map<String, Finding> touching = new LinkedHashMap<>();
            List<Finding> found = new ArrayList<>(findings.touching(entity, FINDINGS));
            if (temporary) {
                found.addAll(findings.fromRows(rows, FINDINGS));
            }
            for (Finding finding : found) {
                touching.putIfAbsent(finding.ruleId() + "\u0000" + finding.title() + "\u0000" + finding.time() + "\u0000"
                        + finding.principal() + "\u0000" + finding.srcIp() + "\u0000" + finding.summary(), finding);
            }
            List<Finding> merged = new ArrayList<>(touching.values());
            merged.sort(Comparator.comparingInt((Finding f) -> Finding.severityRank(f.level()))
                    .thenComparing(f -> f.time() == null ? Instant.MAX : f.time()));
            return new EntityProfile(entity, sources(entity, rows, predicate, !temporary),
                    related(entity, rows, predicate, !temporary, anomalies), merged);
        } finally {
            if (temporary) {
                try (var statement = connection.createStatement()) {
                    statement.execute("DROP TABLE IF EXISTS entity_rows");
                }
            }
        }
    }

    private List<SourceSummary> sources(EntityMatch entity, String rows, String predicate, boolean bind) throws SQLException {
        String sql = "SELECT source, coalesce(action, '(none)') AS action, count(*) AS n, min(event_time), max(event_time),"
                + " count(*) FILTER (WHERE outcome = 'success'), count(*) FILTER (WHERE outcome = 'failure')"
                + " FROM " + rows + " WHERE " + predicate + " GROUP BY ALL";
        Map<String, long[]> totals = new LinkedHashMap<>();
        Map<String, Instant[]> spans = new LinkedHashMap<>();
        Map<String, List<Counted>> actions = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            if (bind) {
                entity.bind(statement, 1);
            }
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    String source = result.getString(1);
                    long count = result.getLong(3);
                    long[] total = totals.computeIfAbsent(source, s -> new long[3]);
                    total[0] += count;
                    total[1] += result.getLong(6);
                    total[2] += result.getLong(7);
                    Instant first = CaseTables.instant(result, 4);
                    Instant last = CaseTables.instant(result, 5);
                    Instant[] span = spans.computeIfAbsent(source, s -> new Instant[2]);
                    if (first != null && (span[0] == null || first.isBefore(span[0]))) {
                        span[0] = first;
                    }
                    if (last != null && (span[1] == null || last.isAfter(span[1]))) {
                        span[1] = last;
                    }
                    actions.computeIfAbsent(source, s -> new ArrayList<>()).add(new Counted(result.getString(2), count));
                }
            }
        }
        List<SourceSummary> summaries = new ArrayList<>();
        for (Map.Entry<String, long[]> entry : totals.entrySet()) {
            String source = entry.getKey();
            long[] total = entry.getValue();
            List<Counted> top = actions.get(source).stream()
                    .sorted(Comparator.comparingLong(Counted::count).reversed().thenComparing(Counted::value))
                    .limit(TOP).toList();
            Instant[] span = spans.get(source);
            summaries.add(new SourceSummary(source, total[0], span[0], span[1], top, total[1], total[2],
                    total[0] - total[1] - total[2]));
        }
        summaries.sort(Comparator.comparingLong(SourceSummary::count).reversed().thenComparing(SourceSummary::source));
        return summaries;
    }

    private Map<String, List<Counted>> related(EntityMatch entity, String rows, String predicate, boolean bind,
            boolean anomalies) throws SQLException {
        String sql = """
                WITH m AS MATERIALIZED (
                  SELECT source, principal, access_key_id, src_ip, dst_ip, user_agent, account_id, resource,
                      %s AS anomalies FROM %s
                  WHERE %s),
                r AS (
                  SELECT 'principal' AS kind, principal AS v FROM m
                  UNION ALL SELECT 'access key', access_key_id FROM m
                  UNION ALL SELECT 'ip', src_ip FROM m
                  UNION ALL SELECT 'ip', dst_ip FROM m
                  UNION ALL SELECT 'user agent', user_agent FROM m
                  UNION ALL SELECT 'account', account_id FROM m
                  UNION ALL SELECT 'instance', regexp_extract(coalesce(resource, '') || ' ' || coalesce(principal, ''),
                      '\\bi-[0-9a-f]{8}(?:[0-9a-f]{9})?\\b')  FROM m
                  UNION ALL SELECT 'network interface', regexp_extract(resource, '\\beni-[0-9a-f]{8}(?:[0-9a-f]{9})?\\b') FROM m
                  UNION ALL SELECT 'bucket', CASE
                      WHEN starts_with(resource, 'arn:aws:s3:::') THEN split_part(substr(resource, 14), '/', 1)
                      WHEN source = 's3access' THEN split_part(resource, '/', 1) END FROM m
                  UNION ALL SELECT 'anomaly', unnest(anomalies) FROM m)
                SELECT kind, v, count(*) AS n FROM r WHERE v IS NOT NULL AND v <> '' AND v <> ?
                GROUP BY kind, v
                QUALIFY row_number() OVER (PARTITION BY kind ORDER BY n DESC, v) <= %d
                ORDER BY kind, n DESC, v""".formatted(anomalies ? "anomalies" : "[]::VARCHAR[]", rows, predicate, TOP);
        Map<String, List<Counted>> related = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            int next = bind ? entity.bind(statement, 1) : 1;
            statement.setString(next, entity.value());
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    related.computeIfAbsent(result.getString(1), k -> new ArrayList<>())
                            .add(new Counted(result.getString(2), result.getLong(3)));
                }
            }
        }
        return related;
    }
}
