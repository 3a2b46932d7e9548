package dev.cloudsift.spark;

import org.apache.spark.sql.SparkSession;

/** The tests' Spark session: local mode on two cores, no UI, bound to loopback, few shuffle partitions. */
final class LocalSpark {
    private LocalSpark() {}

    static SparkSession start(String appName) {
        return SparkSession.builder().master("local[2]").appName(appName)
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .getOrCreate();
    }
}
