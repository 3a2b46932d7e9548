package dev.cloudsift.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DuckDB's memory follows the JVM's heap, and a case being written spills inside its own folder. */
class CaseMemoryTest {
    @TempDir
    Path folder;

    @Test
    void duckDbGetsHalfTheHeapButNeverLessThanItsFloor() {
        assertThat(CaseStore.memoryLimit(null, 1L << 30)).isEqualTo("512MB");
        assertThat(CaseStore.memoryLimit(" ", 4L << 30)).isEqualTo("2048MB");
        assertThat(CaseStore.memoryLimit(null, 128L << 20)).isEqualTo("256MB");
    }

    @Test
    void anExplicitSettingWins() {
        assertThat(CaseStore.memoryLimit(" 3GB ", 1L << 30)).isEqualTo("3GB");
    }

    @Test
    void aCaseOpenedForWritingSpillsInsideItsFolderWithinTheLimit() throws Exception {
        Path caseFolder = folder.resolve("case");
        try (CaseStore store = CaseStore.open(caseFolder, List.of());
             Statement statement = store.connection().createStatement();
             ResultSet settings = statement.executeQuery(
                     "SELECT current_setting('temp_directory'), current_setting('memory_limit')")) {
            settings.next();
            assertThat(Path.of(settings.getString(1))).isEqualTo(caseFolder.toAbsolutePath().resolve(CaseStore.SPILL));
            // DuckDB reports the limit in its own units (e.g. 488.2 MiB); what matters is that it is not 80% of RAM
            String limit = settings.getString(2);
            double mib = Double.parseDouble(limit.replaceAll("[^0-9.]", "")) * (limit.contains("GiB") ? 1024 : 1);
            assertThat(mib).isLessThanOrEqualTo(Math.max(256, Runtime.getRuntime().maxMemory() / 2.0 / (1 << 20)) + 1);
        }
    }
}
