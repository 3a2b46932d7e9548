package dev.cloudsift.investigate.gaps;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudsift.core.TableSchema;
import dev.cloudsift.store.CaseStore;
import dev.cloudsift.store.PartLayout;
import dev.cloudsift.store.summary.CaseSummaries;
import dev.cloudsift.store.summary.Summaries;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Silences and coverage read from the activity summary answer exactly as a scan of every record does: with the
 * summary stored, without it (a case from an older build, read only), with some dates changed since it was stored,
 * and when a part holds records of another date than its folder's.
 */
class ActivitySummaryTest {
    private static final TableSchema TABLE = new TableSchema("synthetic", "records for the activity summary test", List.of());

    /** The silences as the scan of every record found them before the summary. */
    private static final String SILENCES_BY_SCAN = """
            WITH minutes AS (
              SELECT DISTINCT coalesce(e.account_id, '') AS account_id, coalesce(e.region, '') AS region,
                     e.source || coalesce(' (' || f.format || ')', '') AS source,
                     date_trunc('minute', e.event_time) AS t
              FROM events e LEFT JOIN ingest_files f ON f.file_id = e.file_id
              WHERE e.event_time IS NOT NULL AND e.source <> 'metrics'),
            gaps AS (
              SELECT account_id, region, source, t,
                     lag(t) OVER (PARTITION BY account_id, region, source ORDER BY t) AS previous
              FROM minutes),
            rhythm AS (
              SELECT account_id, region, source, median(epoch(t) - epoch(previous)) AS typical, count(*) + 1 AS active,
                     epoch(max(t)) - epoch(min(previous)) AS span, max(t) AS last
              FROM gaps WHERE previous IS NOT NULL GROUP BY account_id, region, source),
            case_end AS (SELECT max(t) AS t FROM minutes)
            SELECT g.account_id, g.region, g.source, g.previous, g.t, r.typical, false AS until_end
            FROM gaps g JOIN rhythm r ON g.account_id = r.account_id AND g.region = r.region AND g.source = r.source
            WHERE g.previous IS NOT NULL AND r.active >= 20 AND r.span >= 14400
              AND epoch(g.t) - epoch(g.previous) >= greatest(6 * r.typical, 1200)
            UNION ALL
            SELECT r.account_id, r.region, r.source, r.last, c.t, r.typical, true AS until_end
            FROM rhythm r, case_end c
            WHERE r.active >= 20 AND r.span >= 7200 AND epoch(c.t) - epoch(r.last) >= greatest(6 * r.typical, 1200)
            ORDER BY 1, 2, 3, 4""";

    private static final String COVERAGE_BY_SCAN = """
            SELECT coalesce(account_id, ''), coalesce(region, ''), source, count(*), min(event_time), max(event_time)
            FROM events WHERE event_time IS NOT NULL AND source IN ('cloudtrail', 'cloudwatch', 'config', 's3access', 'vpcflow', 'waf')
            GROUP BY ALL ORDER BY ALL""";

    @TempDir
    Path folder;

    @Test
    void silencesAndCoverageMatchAScanOfEveryRecordWhetherTheSummaryIsStoredMissingOrStale() throws Exception {
        Path caseFolder = folder.resolve("case");
        // three days of five series with quiet nights, a stop of three hours, sparse and account-less records
        commit(caseFolder, 1, "hash(i) % 7 <> 0 AND NOT (i BETWEEN 2000 AND 2180)", 0, 4320, false);
        assertSameAsScan(caseFolder, "no summary stored");
        refresh(caseFolder);
        assertThat(upToDate(caseFolder)).isTrue();
        assertSameAsScan(caseFolder, "summary stored");

        // a later ingest adds a day and records to the last one; the summary is not refreshed yet
        commit(caseFolder, 2, "hash(i) % 5 = 0", 2880, 5760, false);
        assertThat(upToDate(caseFolder)).isFalse();
        assertSameAsScan(caseFolder, "summary stale for two dates");
        refresh(caseFolder);
        assertThat(upToDate(caseFolder)).isTrue();
        assertSameAsScan(caseFolder, "summary refreshed");
    }

    @Test
    void partsHoldingRecordsOfAnotherDateStillGiveTheSilencesOfAScan() throws Exception {
        Path caseFolder = folder.resolve("misfiled");
        commit(caseFolder, 1, "hash(i) % 3 <> 0", 0, 4320, false);
        // records of the whole span filed under one date, as an engine partitioning by another clock might
        commit(caseFolder, 2, "hash(i) % 11 = 0", 0, 4320, true);
        refresh(caseFolder);
        assertSameAsScan(caseFolder, "misfiled part");
    }

    /**
     * Commits records for minutes [from, to) of 2025-11-03 on (one record per series and minute where the condition
     * on i holds), filed by their date, or all under 2025-11-03 when misfiled.
     */
    private static void commit(Path caseFolder, int ingest, String condition, int from, int to, boolean misfiled) throws Exception {
        try (CaseStore store = CaseStore.openWithTables(caseFolder, List.of(TABLE));
             Statement statement = store.connection().createStatement()) {
            Path staged = caseFolder.resolve(PartLayout.STAGING).resolve("test-" + ingest);
            Path table = Files.createDirectories(staged.resolve(PartLayout.TABLES).resolve(TABLE.name()));
            statement.execute("""
                    COPY (SELECT *, %s AS date FROM (
                      SELECT CAST(TIMESTAMP '2025-11-03 00:00:00' + to_microseconds(CAST(i * 60000000 + (hash(i * 7 + s) %% 59000000) AS BIGINT)) AS TIMESTAMPTZ) AS ev_event_time,
                             (['cloudtrail', 'vpcflow', 's3access', 'waf', 'cloudtrail'])[s + 1] AS ev_source,
                             CASE WHEN s = 2 THEN NULL ELSE '11112222333' || CAST(s %% 2 AS VARCHAR) END AS ev_account_id,
                             CASE WHEN s = 3 THEN NULL ELSE (['eu-west-1', 'us-east-1'])[1 + s %% 2] END AS ev_region,
                             'Action' AS ev_action, 'success' AS ev_outcome, 'synthetic' AS ev_message,
                             CAST(%d AS INTEGER) AS file_id, CAST(i * 10 + s + %d AS BIGINT) AS row_id
                      FROM range(%d, %d) t(i), range(5) u(s)
                      WHERE (%s) AND (s <> 4 OR i %% 90 = 0) AND (s <> 1 OR (i %% 1440) BETWEEN 300 AND 1300)))
                    TO '%s' (FORMAT parquet, PARTITION_BY (date), FILENAME_PATTERN 'part-%d-{i}')""".formatted(
                    misfiled ? "'2025-11-03'" : "strftime(timezone('UTC', ev_event_time), '%Y-%m-%d')", ingest,
                    ingest * 100_000_000, from, to, condition, table.toAbsolutePath().toString().replace("'", "''"), ingest));
            store.commitStaged(staged, ingest);
        }
    }

    private static void refresh(Path caseFolder) throws Exception {
        try (CaseStore store = CaseStore.openWithTables(caseFolder, List.of(TABLE))) {
            Summaries.refreshAll(store.connection());
        }
    }

    private static boolean upToDate(Path caseFolder) throws Exception {
        try (CaseStore store = CaseStore.openReadOnly(caseFolder)) {
            return Summaries.upToDate(store.connection(), CaseSummaries.ACTIVITY);
        }
    }

    private static void assertSameAsScan(Path caseFolder, String state) throws Exception {
        try (CaseStore store = CaseStore.openReadOnly(caseFolder)) {
            Connection connection = store.connection();
            List<String> silences = new ArrayList<>();
            for (Silence silence : new Silences(connection).find()) {
                silences.add(String.join(" | ", silence.accountId(), silence.region(), silence.source(),
                        silence.lastBefore().toString(), silence.firstAfter().toString(), silence.typicalGap().toString(),
                        Boolean.toString(silence.untilCaseEnd())));
            }
            List<String> scanned = new ArrayList<>();
            try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(SILENCES_BY_SCAN)) {
                while (rows.next()) {
                    scanned.add(String.join(" | ", rows.getString(1), rows.getString(2), rows.getString(3),
                            dev.cloudsift.investigate.CaseTables.instant(rows, 4).toString(),
                            dev.cloudsift.investigate.CaseTables.instant(rows, 5).toString(),
                            java.time.Duration.ofSeconds(Math.round(rows.getDouble(6))).toString(), Boolean.toString(rows.getBoolean(7))));
                }
            }
            assertThat(scanned).as("the scan finds silences (%s)", state).hasSizeGreaterThan(2);
            assertThat(silences).as("silences, %s", state).isEqualTo(scanned);

            // Coverage's cells: records and first/last time per account, region and source, before spreading them
            String summarised = "SELECT account_id, region, source, CAST(sum(records) AS BIGINT), min(first_time), max(last_time) FROM "
                    + Summaries.rows(connection, CaseSummaries.ACTIVITY) + " a WHERE source IN ('cloudtrail', 'cloudwatch', 'config',"
                    + " 's3access', 'vpcflow', 'waf') GROUP BY ALL ORDER BY ALL";
            assertThat(lines(connection, summarised)).as("coverage cells, %s", state).isEqualTo(lines(connection, COVERAGE_BY_SCAN))
                    .hasSizeGreaterThan(3);
            assertThat(new Coverage(connection).find()).as("coverage rows (%s)", state).isNotEmpty();
        }
    }

    private static List<String> lines(Connection connection, String sql) throws Exception {
        List<String> lines = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            int columns = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                StringBuilder line = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    line.append(i == 1 ? "" : " | ").append(rows.getString(i));
                }
                lines.add(line.toString());
            }
        }
        return lines;
    }
}
