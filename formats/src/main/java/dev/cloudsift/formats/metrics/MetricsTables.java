package dev.cloudsift.formats.metrics;

import static dev.cloudsift.core.ColumnType.DOUBLE;
import static dev.cloudsift.core.ColumnType.JSON;
import static dev.cloudsift.core.ColumnType.TIMESTAMP;
import static dev.cloudsift.core.ColumnType.VARCHAR;

import dev.cloudsift.core.Column;
import dev.cloudsift.core.TableSchema;
import java.util.List;

/** The {@code metrics} table: one row per CloudWatch metric data point and statistic. */
public final class MetricsTables {
    private MetricsTables() {}

    public static final TableSchema METRICS = new TableSchema("metrics",
            "CloudWatch metric data points from get-metric-data, get-metric-statistics and metric streams, one row per statistic",
            List.of(
            Column.of("namespace", VARCHAR, "namespace, e.g. AWS/EC2 (null in get-metric-* dumps unless given as an option)"),
            Column.of("metric", VARCHAR, "metric name, e.g. NetworkOut (best effort from Label in get-metric-data)"),
            Column.of("dimensions", JSON, "dimensions as an object of name to value"),
            Column.of("resource", VARCHAR, "the resource the dimensions name (InstanceId, FunctionName, ...)"),
            Column.of("event_time", TIMESTAMP, "start of the period (UTC)"),
            Column.of("statistic", VARCHAR, "Sum, Average, Maximum, Minimum, SampleCount or a percentile such as p99; null when get-metric-data does not say"),
            Column.of("value", DOUBLE, "the statistic's value"),
            Column.of("unit", VARCHAR, "unit, e.g. Bytes, Percent"),
            Column.of("account_id", VARCHAR, "account (metric streams; else the path hint)"),
            Column.of("region", VARCHAR, "region (metric streams; else the path hint)"),
            Column.of("metric_id", VARCHAR, "get-metric-data query Id"),
            Column.of("label", VARCHAR, "Label of get-metric-data or get-metric-statistics"),
            Column.of("status_code", VARCHAR, "get-metric-data StatusCode (PartialData means pages are missing)"),
            Column.of("metric_stream_name", VARCHAR, "metric_stream_name of a metric stream record"),
            Column.of("shape", VARCHAR, "get-metric-data, get-metric-statistics or metric-stream")));
}
