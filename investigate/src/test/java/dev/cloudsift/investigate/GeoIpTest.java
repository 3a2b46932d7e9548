package dev.cloudsift.investigate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudsift.investigate.fixture.MmdbWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeoIpTest {
    @TempDir
    Path folder;

    @Test
    void addsCountryAndAutonomousSystemFromAMaxMindDatabase() throws Exception {
        Path database = folder.resolve("test.mmdb");
        MmdbWriter.write(database, new int[] {203, 0, 113}, "ZZ", 64500, "Example Hosting");
        try (GeoIp geo = GeoIp.open(List.of(database))) {
            assertThat(geo.describe("203.0.113.45")).isEqualTo("ZZ, AS64500 Example Hosting");
            assertThat(geo.annotate("203.0.113.45")).isEqualTo("203.0.113.45 [ZZ, AS64500 Example Hosting]");
            assertThat(geo.describe("198.51.100.7")).isNull();
            assertThat(geo.annotate("198.51.100.7")).isEqualTo("198.51.100.7");
            assertThat(geo.describe("2001:db8::1")).isNull();
            assertThat(geo.describe("not an ip")).isNull();
        }
    }

    @Test
    void withoutADatabaseNothingChanges() {
        assertThat(GeoIp.NONE.enabled()).isFalse();
        assertThat(GeoIp.NONE.annotate("203.0.113.45")).isEqualTo("203.0.113.45");
    }

    @Test
    void aFileThatIsNoDatabaseIsRefusedByName() throws Exception {
        Path junk = folder.resolve("junk.mmdb");
        Files.writeString(junk, "hello");
        assertThatThrownBy(() -> GeoIp.open(List.of(junk))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("junk.mmdb is not a readable MaxMind database");
    }
}
