package dev.cloudsift.formats.vpcflow;

import dev.cloudsift.core.EventReader;
import dev.cloudsift.core.Envelopes;
import dev.cloudsift.core.Nullable;
import dev.cloudsift.core.ParquetRowSource;
import dev.cloudsift.core.ParseProblem;
import dev.cloudsift.core.PathHints;
import dev.cloudsift.core.Position;
import dev.cloudsift.core.ReadItem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/**
 * Streams the rows of a flow log Parquet file through the {@link ParquetRowSource} on the class path (the store's,
 * or a Spark job's). Parquet needs random access to its footer, so the stream is first spooled to a temporary
 * file, deleted on close.
 */
final class VpcFlowParquetReader implements EventReader {
    private final Path spool;
    private final ParquetRowSource.Rows rows;
    private final PathHints hints;
    private final VpcFlowLayout layout;
    private final List<String> names;
    private final @Nullable String missingColumns;
    private long rowNumber;
    private boolean done;

    private VpcFlowParquetReader(Path spool, ParquetRowSource.Rows rows, PathHints hints, VpcFlowLayout layout,
            @Nullable String missingColumns) {
        this.spool = spool;
        this.rows = rows;
        this.hints = hints;
        this.layout = layout;
        this.names = rows.columns();
        this.missingColumns = missingColumns;
    }

    static VpcFlowParquetReader open(InputStream content, PathHints hints) throws IOException {
        ParquetRowSource source = ParquetRowSource.find().orElse(null);
        if (source == null) {
            content.close();
            throw new IOException("no Parquet reader on the class path (cloudsift-store provides one)");
        }
        Path spool = Files.createTempFile("cloudsift-vpcflow-", ".parquet");
        ParquetRowSource.Rows rows = null;
        try (content) {
            Files.copy(content, spool, StandardCopyOption.REPLACE_EXISTING);
            rows = source.open(spool);
            VpcFlowLayout layout = VpcFlowLayout.ofNames(rows.columns());
            String missing = layout.knownFieldCount() == 0 ? String.join(", ", rows.columns()) : null;
            return new VpcFlowParquetReader(spool, rows, hints, layout, missing);
        } catch (IllegalArgumentException e) {
            closeQuietly(rows);
            Files.deleteIfExists(spool);
            throw new IOException("unreadable Parquet file: " + e.getMessage(), e);
        } catch (IOException e) {
            closeQuietly(rows);
            Files.deleteIfExists(spool);
            throw e.getMessage() != null && e.getMessage().startsWith("unreadable Parquet file")
                    ? e : new IOException("unreadable Parquet file: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(rows);
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
        Map<String, Object> row;
        try {
            row = rows.next();
        } catch (IOException e) {
            throw new IOException("Parquet row " + (rowNumber + 1) + " unreadable: " + e.getMessage(), e);
        }
        if (row == null) {
            done = true;
            return null;
        }
        rowNumber++;
        String[] values = new String[layout.size()];
        for (int i = 0; i < values.length; i++) {
            Object value = row.get(names.get(i));
            values[i] = value == null ? null : value.toString();
        }
        String raw = String.join(" ", java.util.Arrays.stream(values).map(v -> v == null ? "-" : v).toList());
        // A Parquet row has no bytes of its own: the pointer names the file and the row's index in it.
        Position position = new Position(0, rowNumber, -1, Envelopes.parquetRow(rowNumber - 1));
        return VpcFlowRecords.map(values, raw, layout, position, hints);
    }

    @Override
    public Position position() {
        return new Position(-1, rowNumber + 1);
    }

    @Override
    public void close() throws IOException {
        try {
            rows.close();
        } finally {
            Files.deleteIfExists(spool);
        }
    }

    private static void closeQuietly(ParquetRowSource.Rows rows) {
        if (rows != null) {
            try {
                rows.close();
            } catch (IOException ignored) {
                // Nothing was read yet; the spool file is deleted next.
            }
        }
    }

    private static String shorten(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
}
