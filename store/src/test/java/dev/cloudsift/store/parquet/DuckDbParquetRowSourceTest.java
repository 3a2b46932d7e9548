package dev.cloudsift.store.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudsift.core.ParquetRowSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DuckDbParquetRowSourceTest {
    @TempDir
    Path folder;

    @Test
    void isTheParquetSourceFormatsFindAndReadsRowsInFileOrder() throws Exception {
        Path file = folder.resolve("flows.parquet");
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = connection.createStatement()) {
            statement.execute("COPY (SELECT * FROM (VALUES (1, 'eni-1', NULL), (2, 'eni-2', 443))"
                    + " AS t(version, interface_id, dstport)) TO '" + file + "' (FORMAT parquet)");
        }

        assertThat(ParquetRowSource.find()).containsInstanceOf(DuckDbParquetRowSource.class);
        List<Map<String, Object>> rows = new ArrayList<>();
        try (ParquetRowSource.Rows source = new DuckDbParquetRowSource().open(file)) {
            assertThat(source.columns()).containsExactly("version", "interface_id", "dstport");
            Map<String, Object> row;
            while ((row = source.next()) != null) {
                rows.add(row);
            }
        }
        assertThat(rows).extracting(row -> row.get("interface_id")).containsExactly("eni-1", "eni-2");
        assertThat(rows).extracting(row -> row.get("dstport")).containsExactly(null, 443);
    }

    @Test
    void aFileThatIsNotParquetIsAnIoError() throws IOException {
        Path file = Files.writeString(folder.resolve("not.parquet"), "PAR1 but nothing else");

        assertThatThrownBy(() -> new DuckDbParquetRowSource().open(file)).isInstanceOf(IOException.class);
    }
}
