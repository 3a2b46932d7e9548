package dev.cloudsift.spark;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;

import dev.cloudsift.detect.CorrelationType;
import dev.cloudsift.detect.ExternalCorrelations;
import dev.cloudsift.detect.ExternalCorrelations.Firing;
import dev.cloudsift.detect.ExternalCorrelations.First;
import dev.cloudsift.detect.ExternalCorrelations.History;
import dev.cloudsift.detect.ExternalCorrelations.Spec;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Correlations as Spark aggregations, with the semantics of the local hunt's SQL: the rows the referenced rules
 * matched are windowed per group-by values ({@code RANGE timespan PRECEDING} up to the current row and its peers)
 * and aggregated by Spark; one sorted pass per group then keeps the first firing of each burst (a group fires
 * again only after a full timespan without firing) and the latest events of its window, and walks
 * {@code temporal_ordered} groups to check the order, as the local engine does in Java.
 */
final class SparkCorrelations {
    private static final long MICROS = 1_000_000L;
    private static final StructType SCHEMA = new StructType()
            .add("c", DataTypes.IntegerType, false)
            .add("row_id", DataTypes.LongType, false)
            .add("t", DataTypes.LongType, false)
            .add("r", DataTypes.IntegerType, false)
            .add("source", DataTypes.StringType)
            .add("event_id", DataTypes.StringType)
            .add("account_id", DataTypes.StringType)
            .add("region", DataTypes.StringType)
            .add("principal", DataTypes.StringType)
            .add("src_ip", DataTypes.StringType)
            .add("k", DataTypes.createArrayType(DataTypes.StringType, false), false)
            .add("v", DataTypes.StringType);
    // column positions after the aggregate columns are added
    private static final int C = 0, ROW = 1, T = 2, R = 3, SOURCE = 4, EVENT = 5, ACCOUNT = 6, REGION = 7,
            PRINCIPAL = 8, SRC_IP = 9, K = 10, A = 12, N = 13;

    private final SparkSession spark;

    SparkCorrelations(SparkSession spark) {
        this.spark = spark;
    }

    /**
     * What the aggregations found: each correlation's firings, and each first-seen rule's combinations first seen
     * after its learning window (every given rule maps to a list, empty when nothing fired or was new).
     */
    record Aggregated(Map<Integer, List<Firing>> firings, Map<Integer, List<First>> firsts) {}

    /**
     * Every given correlation and first-seen rule over the rows the slices listed; a first-seen rule is judged
     * against its history ({@code histories}; a rule without one, whose sources have no events, finds nothing).
     */
    Aggregated run(java.nio.file.Path rowsFolder, List<Spec> specs, Map<Integer, History> histories) {
        Map<Integer, List<Firing>> firings = new TreeMap<>();
        Map<Integer, List<First>> firsts = new TreeMap<>();
        List<Spec> windows = new ArrayList<>();
        for (Spec spec : specs) {
            if (spec.type() == CorrelationType.FIRST_SEEN) {
                firsts.put(spec.index(), new ArrayList<>());
            } else {
                firings.put(spec.index(), new ArrayList<>());
                windows.add(spec);
            }
        }
        if (specs.isEmpty()) {
            return new Aggregated(firings, firsts);
        }
        Dataset<Row> input = rows(rowsFolder).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            firstSeen(input, histories, firsts);
            if (windows.isEmpty()) {
                return new Aggregated(firings, firsts);
            }
            Dataset<Row> windowed = null;
            for (Spec spec : windows) {
                Dataset<Row> mine = input.filter(col("c").equalTo(spec.index()));
                if (spec.type() == CorrelationType.TEMPORAL_ORDERED) {
                    mine = mine.withColumn("a", lit(null).cast(DataTypes.DoubleType)).withColumn("n", lit(null).cast(DataTypes.LongType));
                } else {
                    WindowSpec window = Window.partitionBy(col("k")).orderBy(col("t")).rangeBetween(
                            spec.timespanSeconds() == null ? Window.unboundedPreceding() : -spec.timespanSeconds() * MICROS,
                            Window.currentRow());
                    mine = mine.withColumn("a", aggregate(spec, window).cast(DataTypes.DoubleType))
                            .withColumn("n", count(lit(1)).over(window));
                }
                windowed = windowed == null ? mine : windowed.union(mine);
            }
            Map<Integer, Spec> byIndex = new HashMap<>();
            windows.forEach(spec -> byIndex.put(spec.index(), spec));
            List<Tuple2<Integer, Firing>> fired = windowed.repartition(col("c"), col("k"))
                    .sortWithinPartitions(col("c"), col("k"), col("t"), col("row_id")).javaRDD()
                    .mapPartitions(partition -> new Groups(byIndex).fire(partition).iterator()).collect();
            for (Tuple2<Integer, Firing> firing : fired) {
                firings.get(firing._1()).add(firing._2());
            }
            // the same order as the local hunt writes them: by group, then time
            firings.values().forEach(list -> list.sort(java.util.Comparator.comparing((Firing f) -> String.join("\u0000", f.group()))
                    .thenComparing(Firing::time)));
            return new Aggregated(firings, firsts);
        } finally {
            input.unpersist();
        }
    }

    /**
     * First-seen rules as one aggregation over the case: per rule and combination, the first row (by time, then row
     * id) with its columns and how often the combination appears; only combinations first seen at or after the end
     * of their rule's learning window reach the driver.
     */
    private static void firstSeen(Dataset<Row> input, Map<Integer, History> histories, Map<Integer, List<First>> firsts) {
        Column learnt = null;
        for (Map.Entry<Integer, History> entry : histories.entrySet()) {
            if (firsts.containsKey(entry.getKey())) {
                Column rule = col("c").equalTo(entry.getKey());
                Column bound = lit(micros(entry.getValue().learnt()));
                learnt = learnt == null ? when(rule, bound) : learnt.when(rule, bound);
            }
        }
        if (learnt == null) {
            return;
        }
        Column first = min(struct(col("t"), col("row_id"), col("source"), col("event_id"), col("account_id"),
                col("region"), col("principal"), col("src_ip"))).as("f");
        List<Row> found = input.where(col("c").isin(firsts.keySet().toArray()))
                .groupBy(col("c"), col("k")).agg(first, count(lit(1)).as("n"))
                .where(col("f.t").geq(learnt)).collectAsList();
        for (Row row : found) {
            Row f = row.getStruct(2);
            firsts.get(row.getInt(0)).add(new First(row.getList(1), time(f.getLong(0)), f.getLong(1), row.getLong(3),
                    f.getString(2), f.getString(3), f.getString(4), f.getString(5), f.getString(6), f.getString(7)));
        }
    }

    /** The aggregate of a correlation type over a window, as the local SQL computes it. */
    private static Column aggregate(Spec spec, WindowSpec window) {
        Column number = expr("try_cast(v AS DOUBLE)");
        return switch (spec.type()) {
            case VALUE_COUNT -> size(collect_set(col("v")).over(window));
            case TEMPORAL -> size(collect_set(col("r")).over(window));
            case VALUE_SUM -> sum(number).over(window);
            case VALUE_AVG -> avg(number).over(window);
            case VALUE_PERCENTILE -> expr("percentile(try_cast(v AS DOUBLE), " + spec.percentile() / 100 + ")").over(window);
            default -> count(lit(1)).over(window);
        };
    }

    /** The rows the slices wrote as Parquet, in the schema's column order (none written: an empty Dataset). */
    private Dataset<Row> rows(java.nio.file.Path folder) {
        boolean any;
        try (var files = java.nio.file.Files.list(folder)) {
            any = files.anyMatch(file -> file.getFileName().toString().endsWith(".parquet"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot list the correlations' rows: " + e.getMessage(), e);
        }
        if (!any) {
            return spark.createDataFrame(List.of(), SCHEMA);
        }
        return spark.read().parquet(folder.toString()).select(
                java.util.Arrays.stream(SCHEMA.fieldNames()).map(org.apache.spark.sql.functions::col).toArray(Column[]::new));
    }

    static long micros(LocalDateTime time) {
        return time.toEpochSecond(ZoneOffset.UTC) * MICROS + time.getNano() / 1_000;
    }

    static LocalDateTime time(long micros) {
        return LocalDateTime.ofEpochSecond(Math.floorDiv(micros, MICROS), (int) Math.floorMod(micros, MICROS) * 1_000,
                ZoneOffset.UTC);
    }

    /** A row of a window: what a finding lists of it. */
    private record Member(long rowId, long time, int position, String eventId) {}

    /**
     * One partition's rows, sorted by correlation, group and time: each group's windows in order, holding the
     * latest events of the current window (at most {@link ExternalCorrelations#MAX_EVENT_IDS}; for
     * {@code temporal_ordered} every event within the timespan, whose order is checked).
     */
    private static final class Groups {
        private final Map<Integer, Spec> specs;
        private final List<Tuple2<Integer, Firing>> out = new ArrayList<>();
        private final Deque<Member> window = new ArrayDeque<>();
        private int correlation = -1;
        private List<String> group;
        private Long lastFired;

        Groups(Map<Integer, Spec> specs) {
            this.specs = specs;
        }

        List<Tuple2<Integer, Firing>> fire(Iterator<Row> rows) {
            Row pending = rows.hasNext() ? rows.next() : null;
            while (pending != null) {
                // the rows of one time in one group (peers): a window reaches up to its time, peers included
                List<Row> peers = new ArrayList<>();
                peers.add(pending);
                pending = null;
                while (rows.hasNext()) {
                    Row next = rows.next();
                    if (next.getInt(C) == peers.get(0).getInt(C) && next.getLong(T) == peers.get(0).getLong(T)
                            && keys(next).equals(keys(peers.get(0)))) {
                        peers.add(next);
                    } else {
                        pending = next;
                        break;
                    }
                }
                peers(peers);
            }
            return out;
        }

        private void peers(List<Row> peers) {
            Row first = peers.get(0);
            List<String> keys = keys(first);
            if (first.getInt(C) != correlation || !keys.equals(group)) {
                correlation = first.getInt(C);
                group = keys;
                window.clear();
                lastFired = null;
            }
            Spec spec = specs.get(correlation);
            Long span = spec.timespanSeconds() == null ? null : spec.timespanSeconds() * MICROS;
            if (spec.type() == CorrelationType.TEMPORAL_ORDERED) {
                for (Row row : peers) {
                    long time = row.getLong(T);
                    window.addLast(member(row));
                    while (span != null && window.getFirst().time() < time - span) {
                        window.removeFirst();
                    }
                    if (span == null && window.size() > ExternalCorrelations.MAX_EVENT_IDS) {
                        window.removeFirst();
                    }
                    double value = orderedSteps();
                    if (spec.holds(value) && !quiet(time, span)) {
                        lastFired = time;
                        out.add(new Tuple2<>(correlation, firing(row, value, window.size())));
                    }
                }
                return;
            }
            long time = first.getLong(T);
            for (Row row : peers) {
                window.addLast(member(row));
            }
            while (span != null && window.getFirst().time() < time - span) {
                window.removeFirst();
            }
            while (window.size() > ExternalCorrelations.MAX_EVENT_IDS) {
                window.removeFirst();
            }
            for (Row row : peers) {
                if (row.isNullAt(A)) {
                    continue;
                }
                double value = row.getDouble(A);
                if (spec.holds(value) && !quiet(time, span)) {
                    lastFired = time;
                    out.add(new Tuple2<>(correlation, firing(row, value, row.getLong(N))));
                }
            }
        }

        /** A group fires again only after a full timespan without firing (never again without a timespan). */
        private boolean quiet(long time, Long span) {
            return lastFired != null && (span == null || time <= lastFired + span);
        }

        /** How many of the referenced rules, in their listed order, appear in order within the window. */
        private int orderedSteps() {
            int next = 0;
            for (Member member : window) {
                if (member.position() == next) {
                    next++;
                }
            }
            return next;
        }

        private Firing firing(Row row, double value, long events) {
            LinkedHashSet<Long> rowIds = new LinkedHashSet<>();
            LinkedHashSet<String> eventIds = new LinkedHashSet<>();
            for (Member member : window) {
                rowIds.add(member.rowId());
                if (member.eventId() != null) {
                    eventIds.add(member.eventId());
                }
            }
            List<Long> rows = new ArrayList<>(rowIds);
            List<String> ids = new ArrayList<>(eventIds);
            int max = ExternalCorrelations.MAX_EVENT_IDS;
            long time = row.getLong(T);
            return new Firing(group, time(time), value, events, row.getString(SOURCE), row.getString(ACCOUNT),
                    row.getString(REGION), row.getString(PRINCIPAL), row.getString(SRC_IP),
                    time(window.isEmpty() ? time : window.getFirst().time()),
                    rows.subList(Math.max(0, rows.size() - max), rows.size()), ids.subList(Math.max(0, ids.size() - max), ids.size()));
        }

        private static Member member(Row row) {
            return new Member(row.getLong(ROW), row.getLong(T), row.getInt(R), row.getString(EVENT));
        }

        private static List<String> keys(Row row) {
            return new ArrayList<>(row.<String>getList(K));
        }
    }
}
