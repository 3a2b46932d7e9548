package dev.cloudsift.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Locale;

/**
 * What an analyst would type into DuckDB instead of running Cloudsift: the same files read by DuckDB's own readers
 * into a table of a fresh database file. The benchmark sets the ingest beside it.
 *
 * <ul>
 *   <li>{@code cloudtrail DIR DB}: {@code read_json} of every {@code *.json.gz}, its {@code Records} unnested into
 *       one column per field;</li>
 *   <li>{@code vpcflow DIR DB}: {@code read_csv} of every {@code *.log.gz}, space-delimited with a header.</li>
 * </ul>
 *
 * <p>Usage: {@code DuckDbPeer cloudtrail|vpcflow DIR DB}; prints {@code rows seconds}.
 */
public final class DuckDbPeer {
    private DuckDbPeer() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: DuckDbPeer cloudtrail|vpcflow DIR DB");
            System.exit(2);
        }
        String glob = Path.of(args[1]).toAbsolutePath().toString().replace("'", "''");
        Path database = Path.of(args[2]);
        Files.deleteIfExists(database);
        Files.deleteIfExists(Path.of(args[2] + ".wal"));
        String sql = switch (args[0]) {
            case "cloudtrail" -> "CREATE TABLE cloudtrail AS SELECT unnest(Records, max_depth := 2) FROM read_json('" + glob
                    + "/**/*.json.gz', union_by_name = true, maximum_object_size = 1073741824)";
            case "vpcflow" -> "CREATE TABLE vpcflow AS SELECT * FROM read_csv('" + glob
                    + "/**/*.log.gz', delim = ' ', header = true, union_by_name = true)";
            default -> throw new IllegalArgumentException("unknown peer " + args[0]);
        };
        long started = System.nanoTime();
        long rows;
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + database.toAbsolutePath());
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
            try (ResultSet count = statement.executeQuery("SELECT count(*) FROM " + args[0])) {
                count.next();
                rows = count.getLong(1);
            }
            statement.execute("CHECKPOINT");
        }
        System.out.printf(Locale.ROOT, "%d %.3f%n", rows, (System.nanoTime() - started) / 1e9);
    }
}
