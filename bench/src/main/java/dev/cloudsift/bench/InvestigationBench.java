package dev.cloudsift.bench;

import dev.cloudsift.investigate.EntityMatch;
import dev.cloudsift.investigate.EntityPivot;
import dev.cloudsift.investigate.EntityProfile;
import dev.cloudsift.investigate.Timeline;
import dev.cloudsift.investigate.TimelineQuery;
import dev.cloudsift.investigate.chains.RoleChains;
import dev.cloudsift.investigate.gaps.GapAnalysis;
import dev.cloudsift.investigate.suspects.SuspectRanking;
import dev.cloudsift.core.TableSchema;
import dev.cloudsift.store.CaseStore;
import dev.cloudsift.store.PartLayout;
import dev.cloudsift.store.summary.CaseSummaries;
import dev.cloudsift.store.summary.Summaries;
import dev.cloudsift.store.summary.Summary;
import dev.cloudsift.core.FormatRegistry;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Times the interactive investigation paths on a big case: entity pivot (one IP through every source, one access
 * key), the first page of the timeline (unfiltered and for one entity), the role chain of that key, the suspects
 * ranking and the gap analysis. The case is either a real one (a folder written by {@code cloudsift ingest}: the
 * busiest source IP and long-term key are pivoted on) or, when the folder does not exist, built with SQL: N
 * synthetic events over 30 days across six sources, with one attacker IP spread through them, in roughly the
 * time-clustered order an ingest of hourly files leaves. Prints wall and CPU seconds (the process's, DuckDB's
 * threads included) of three runs each; asserts nothing.
 *
 * <pre>java -cp bench/target/cloudsift-bench.jar dev.cloudsift.bench.InvestigationBench CASE [EVENTS]</pre>
 */
public final class InvestigationBench {
    private static final int PAGE = 500;
    private static final int RUNS = 3;
    private static final TableSchema SYNTHETIC = new TableSchema("synthetic", "synthetic events of the investigation benchmark", List.of());

    private InvestigationBench() {}

    /** One timed operation: what it did, as the result column shows it. */
    private interface Operation {
        String run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: InvestigationBench CASE [EVENTS]");
            System.exit(2);
        }
        Path caseFile = Path.of(args[0]);
        long events = args.length > 1 ? Long.parseLong(args[1]) : 10_000_000L;
        if (!Files.exists(caseFile)) {
            long started = System.nanoTime();
            build(caseFile, events);
            System.err.printf(Locale.ROOT, "built %s with %,d events in %.1f s%n", caseFile, events, seconds(started));
        }
        summarise(caseFile, events > 0);
        try (CaseStore store = CaseStore.openReadOnly(caseFile)) {
            long count = store.scalarLong("SELECT count(*) FROM events");
            String ip = busiest(store, "src_ip", "src_ip NOT LIKE '10.%'", "203.0.113.45");
            String key = busiest(store, "access_key_id", "access_key_id LIKE 'AKIA%'", "AKIA0000000000000042");
            System.out.printf(Locale.ROOT, "case %s: %,d events; pivots on %s and %s%n", caseFile, count, ip, key);
            System.out.printf("%-34s %7s %7s %7s %7s %7s %7s  %s%n", "operation", "wall 1", "wall 2", "wall 3", "CPU 1", "CPU 2",
                    "CPU 3", "result");
            String sqlIp = "'" + ip.replace("'", "''") + "'";
            // the floor: one bare scan of events for the same predicate, to read the others against on a busy machine
            time("floor: count(*) for the IP", () -> store.scalarLong("SELECT count(*) FROM events WHERE src_ip = "
                    + sqlIp + " OR dst_ip = " + sqlIp) + " rows, one scan");
            EntityPivot pivot = new EntityPivot(store.connection());
            for (String value : List.of(ip, key)) {
                time("entity " + value, () -> {
                    EntityProfile profile = pivot.profile(EntityMatch.of(value));
                    return profile.total() + " records, " + profile.sources().size() + " sources";
                });
            }
            Timeline timeline = new Timeline(store.connection());
            for (TimelineQuery query : List.of(TimelineQuery.all(),
                    new TimelineQuery(null, null, EntityMatch.of(ip), List.of(), Duration.ofMinutes(5)))) {
                time("timeline first page" + (query.entity() == null ? "" : " --entity"), () -> {
                    long[] lines = new long[1];
                    timeline.walk(query, entry -> ++lines[0] < PAGE);
                    return lines[0] + " lines";
                });
            }
            time("chain " + key, () -> new RoleChains(store.connection()).follow(key).size() + " trees");
            time("suspects", () -> new SuspectRanking(store.connection()).rank(10, null).size() + " suspects");
            time("gaps", () -> {
                GapAnalysis gaps = GapAnalysis.run(store.connection(), List.of());
                return gaps.silences().size() + " silences, " + gaps.coverage().size() + " coverage rows";
            });
        }
    }

    /**
     * Brings the case's summaries up to date, as an ingest does after its commit: a case built here, or ingested by an
     * older build, gets them once (timed and printed apart, like the build).
     */
    private static void summarise(Path caseFile, boolean synthetic) throws Exception {
        try (CaseStore store = CaseStore.openReadOnly(caseFile)) {
            boolean current = true;
            for (Summary summary : CaseSummaries.all()) {
                current &= Summaries.upToDate(store.connection(), summary);
            }
            if (current) {
                return;
            }
        }
        long started = System.nanoTime();
        long cpuStarted = processCpu();
        try (CaseStore store = synthetic ? CaseStore.openWithTables(caseFile, List.of(SYNTHETIC))
                : CaseStore.open(caseFile, FormatRegistry.load().formats())) {
            Summaries.refreshAll(store.connection());
        }
        System.err.printf(Locale.ROOT, "summaries of %s brought up to date in %.1f s (%.1f CPU s)%n", caseFile, seconds(started),
                (processCpu() - cpuStarted) / 1e9);
    }

    /** The most frequent value of an events column matching a condition, or the fallback when none does. */
    private static String busiest(CaseStore store, String column, String condition, String fallback) throws Exception {
        try (Statement statement = store.connection().createStatement();
             java.sql.ResultSet rows = statement.executeQuery("SELECT " + column + " FROM events WHERE " + column
                     + " IS NOT NULL AND " + condition + " GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1")) {
            return rows.next() ? rows.getString(1) : fallback;
        }
    }

    private static void time(String label, Operation operation) throws Exception {
        double[] times = new double[RUNS];
        double[] cpu = new double[RUNS];
        String result = "";
        for (int run = 0; run < RUNS; run++) {
            long started = System.nanoTime();
            long cpuStarted = processCpu();
            try {
                result = operation.run();
            } catch (java.sql.SQLException | RuntimeException e) {
                // one operation failing (DuckDB out of memory on a huge case) is a figure too: the others still run
                result = "failed: " + String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            }
            times[run] = seconds(started);
            cpu[run] = (processCpu() - cpuStarted) / 1e9;
        }
        row(label, times, cpu, result);
    }

    /**
     * CPU nanoseconds of the whole process, DuckDB's native threads included: on a busy machine wall time mostly
     * measures the neighbours, CPU time what the operation costs (on an idle 2-core machine wall is about CPU / 2 for
     * DuckDB's parallel scans, CPU for single-threaded work).
     */
    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static void row(String label, double[] times, double[] cpu, String result) {
        System.out.printf(Locale.ROOT, "%-34s %7.3f %7.3f %7.3f %7.2f %7.2f %7.2f  %s%n", label, times[0], times[1], times[2],
                cpu[0], cpu[1], cpu[2], result);
    }

    private static double seconds(long started) {
        return (System.nanoTime() - started) / 1e9;
    }

    private static void build(Path caseFile, long events) throws Exception {
        try (CaseStore store = CaseStore.openWithTables(caseFile, List.of(SYNTHETIC));
             Statement statement = store.connection().createStatement()) {
            Path staged = caseFile.resolve(PartLayout.STAGING).resolve("bench");
            Path table = Files.createDirectories(staged.resolve(PartLayout.TABLES).resolve("synthetic"));
            // The rows as an ingest would write them for a table without an events projection: the Event in ev_ columns.
            statement.execute("""
                    COPY (SELECT *, strftime(ev_event_time, '%%Y-%%m-%%d') AS date
                    FROM (SELECT CAST(TIMESTAMP '2025-10-05 00:00:00' + to_microseconds(CAST(i * (30 * 86400e6 / %d) + (hash(i) %% 600000000) AS BIGINT)) AS TIMESTAMPTZ) AS ev_event_time,
                      (['cloudtrail', 'vpcflow', 's3access', 'waf', 'alb', 'cloudwatch'])[1 + i %% 6] AS ev_source,
                      '1111222233' || lpad(CAST(i %% 5 AS VARCHAR), 2, '0') AS ev_account_id,
                      (['eu-west-1', 'us-east-1', 'eu-central-1'])[1 + i %% 3] AS ev_region,
                      'Action' || CAST(hash(i) %% 97 AS VARCHAR) AS ev_action,
                      CASE WHEN i %% 17 = 0 THEN 'failure' ELSE 'success' END AS ev_outcome,
                      CASE WHEN i %% 17 = 0 THEN 'AccessDenied' END AS ev_error_code,
                      'arn:aws:iam::111122223333:user/u' || CAST(i %% 5000 AS VARCHAR) AS ev_principal,
                      'AKIA' || lpad(CAST(i %% 5000 AS VARCHAR), 16, '0') AS ev_access_key_id,
                      CASE WHEN i %% 5000 = 7 THEN '203.0.113.45'
                           ELSE '10.' || CAST(i %% 256 AS VARCHAR) || '.' || CAST((i // 256) %% 256 AS VARCHAR) || '.' || CAST(i %% 251 AS VARCHAR) END AS ev_src_ip,
                      '10.0.' || CAST(i %% 200 AS VARCHAR) || '.' || CAST(i %% 250 AS VARCHAR) AS ev_dst_ip,
                      CAST(1024 + i %% 60000 AS INTEGER) AS ev_src_port, CAST(443 AS INTEGER) AS ev_dst_port,
                      'aws-cli/2.' || CAST(i %% 30 AS VARCHAR) AS ev_user_agent,
                      'bucket' || CAST(i %% 50 AS VARCHAR) || '/key/' || CAST(i AS VARCHAR) AS ev_resource,
                      CAST(i %% 100000 AS BIGINT) AS ev_bytes, 'evt-' || CAST(i AS VARCHAR) AS ev_event_id,
                      'synthetic event ' || CAST(i AS VARCHAR) AS ev_message,
                      CAST(i %% 10000 AS BIGINT) AS origin_offset, CAST(i // 10000 AS INTEGER) AS file_id,
                      i AS row_id
                    FROM range(%d) t(i)) ORDER BY ev_event_time)
                    TO '%s' (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (date))""".formatted(events, events,
                    table.toAbsolutePath().toString().replace("'", "''")));
            store.commitStaged(staged, 1);
        }
    }
}
