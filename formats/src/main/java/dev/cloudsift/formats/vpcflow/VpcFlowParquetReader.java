package dev.cloudsift.formats.vpcflow;

import dev.cloudsift.core.EventReader;
import dev.cloudsift.core.Envelopes;
import dev.cloudsift.core.Nullable;
import dev.cloudsift.core.ParseProblem;
import dev.cloudsift.core.PathHints;
import dev.cloudsift.core.Position;
import dev.cloudsift.core.ReadItem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Streams the rows of a flow log Parquet file through an in-memory DuckDB. Parquet needs random access to its
 * footer, so the stream is first spooled to a temporary file, deleted on close.
 */
final class VpcFlowParquetReader implements EventReader {
    private final Path spool;
    private final Connection connection;
    private final PreparedStatement statement;
    private final ResultSet rows;
    private final PathHints hints;
    private final VpcFlowLayout layout;
    private final @Nullable String missingColumns;
    private long rowNumber;
    private boolean done;

    private VpcFlowParquetReader(Path spool, Connection connection, PreparedStatement statement, ResultSet rows,
            PathHints hints, VpcFlowLayout layout, @Nullable String missingColumns) {
        this.spool = spool;
        this.connection = connection;
        this.statement = statement;
        this.rows = rows;
        this.hints = hints;
        this.layout = layout;
        this.missingColumns = missingColumns;
    }

    static VpcFlowParquetReader open(InputStream content, PathHints hints) throws IOException {
        Path spool = Files.createTempFile("cloudsift-vpcflow-", ".parquet");
        Connection connection = null;
        try (content) {
            Files.copy(content, spool, StandardCopyOption.REPLACE_EXISTING);
            Properties properties = new Properties();
            properties.setProperty("jdbc_stream_results", "true");
            connection = DriverManager.getConnection("jdbc:duckdb:", properties);
            try (Statement settings = connection.createStatement()) {
                // Other readers and the ingest share two cores; one file needs neither parallelism nor much memory.
                settings.execute("SET threads TO 1");
                settings.execute("SET memory_limit = '256MB'");
            }
            PreparedStatement statement = connection.prepareStatement("SELECT * FROM read_parquet(?)");
            statement.setString(1, spool.toString());
            ResultSet rows = statement.executeQuery();
            ResultSetMetaData metadata = rows.getMetaData();
            List<String> names = new ArrayList<>();
            for (int i = 1; i <= metadata.getColumnCount(); i++) {
                names.add(metadata.getColumnName(i));
            }
            VpcFlowLayout layout = VpcFlowLayout.ofNames(names);
            String missing = layout.knownFieldCount() == 0 ? String.join(", ", names) : null;
            return new VpcFlowParquetReader(spool, connection, statement, rows, hints, layout, missing);
        } catch (SQLException | IllegalArgumentException e) {
            closeQuietly(connection);
            Files.deleteIfExists(spool);
            throw new IOException("unreadable Parquet file: " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            closeQuietly(connection);
            Files.deleteIfExists(spool);
            throw e;
        }
    }

    @Override
    public @Nullable ReadItem next() throws IOException {
        if (done) {
            return null;
        }
        if (missingColumns != null) {
            done = true;
            return ParseProblem.of(Position.START, "Parquet file has no VPC flow log column (its columns: "
                    + shorten(missingColumns) + ")", null);
        }
        try {
            if (!rows.next()) {
                done = true;
                return null;
            }
            rowNumber++;
            String[] values = new String[layout.size()];
            for (int i = 0; i < values.length; i++) {
                Object value = rows.getObject(i + 1);
                values[i] = value == null ? null : value.toString();
            }
            String raw = String.join(" ", java.util.Arrays.stream(values).map(v -> v == null ? "-" : v).toList());
            // A Parquet row has no bytes of its own: the pointer names the file and the row's index in it.
            Position position = new Position(0, rowNumber, -1, Envelopes.parquetRow(rowNumber - 1));
            return VpcFlowRecords.map(values, raw, layout, position, hints);
        } catch (SQLException e) {
            throw new IOException("Parquet row " + (rowNumber + 1) + " unreadable: " + e.getMessage(), e);
        }
    }

    @Override
    public Position position() {
        return new Position(-1, rowNumber + 1);
    }

    @Override
    public void close() throws IOException {
        try {
            rows.close();
            statement.close();
        } catch (SQLException e) {
            // Closing a finished in-memory query cannot lose data; the connection close below still runs.
        } finally {
            closeQuietly(connection);
            Files.deleteIfExists(spool);
        }
    }

    private static void closeQuietly(@Nullable Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // An in-memory database has nothing to flush.
            }
        }
    }

    private static String shorten(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
}
