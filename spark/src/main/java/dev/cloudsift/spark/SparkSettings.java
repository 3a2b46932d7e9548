package dev.cloudsift.spark;

import org.apache.spark.sql.SparkSession;

/**
 * Session settings the jobs depend on, set by the job itself so a cluster's defaults cannot change the case:
 * UTC for dates and time formatting, Parquet timestamps as UTC-adjusted INT64 microseconds (as DuckDB writes
 * them; Spark's default INT96 is read differently by other engines), zstd like the local writer.
 */
final class SparkSettings {
    private SparkSettings() {}

    static void apply(SparkSession spark) {
        spark.conf().set("spark.sql.session.timeZone", "UTC");
        spark.conf().set("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS");
        spark.conf().set("spark.sql.parquet.compression.codec", "zstd");
        spark.conf().set("spark.sql.sources.partitionOverwriteMode", "static");
    }
}
