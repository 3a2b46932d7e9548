package dev.cloudsift.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudsift.investigate.GeoIp;
import dev.cloudsift.investigate.fixture.MmdbWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AddressPlacesTest {
    @TempDir
    Path folder;

    @Test
    void anEnrichedCaseSaysWhatItRecordedBeforeAnyDatabaseIsAsked() throws Exception {
        Path database = folder.resolve("test.mmdb");
        MmdbWriter.write(database, new int[] {203, 0, 113}, "ZZ", 64500, "Example Hosting");
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = connection.createStatement();
             GeoIp geo = GeoIp.open(List.of(database))) {
            statement.execute("CREATE TABLE events (src_ip VARCHAR, src_country VARCHAR, src_asn BIGINT, src_as_org VARCHAR)");
            statement.execute("INSERT INTO events VALUES ('203.0.113.45', 'DE', 3320, 'Deutsche Telekom AG'),"
                    + " ('203.0.113.46', NULL, NULL, NULL)");
            AddressPlaces places = new AddressPlaces(connection, geo);
            assertThat(places.describe("203.0.113.45")).isEqualTo("DE, AS3320 Deutsche Telekom AG");
            // not enriched in the case: the database given to the report answers
            assertThat(places.annotate("203.0.113.46")).isEqualTo("203.0.113.46 [ZZ, AS64500 Example Hosting]");
            assertThat(places.describe("198.51.100.7")).isNull();
            assertThat(places.annotate("198.51.100.7")).isEqualTo("198.51.100.7");
        }
    }

    @Test
    void aCaseWithoutGeoIpColumnsIsLookedUpAtDisplayTime() throws Exception {
        Path database = folder.resolve("test.mmdb");
        MmdbWriter.write(database, new int[] {203, 0, 113}, "ZZ", 64500, "Example Hosting");
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = connection.createStatement();
             GeoIp geo = GeoIp.open(List.of(database))) {
            statement.execute("CREATE TABLE events (src_ip VARCHAR)");
            assertThat(new AddressPlaces(connection, geo).describe("203.0.113.45")).isEqualTo("ZZ, AS64500 Example Hosting");
            assertThat(new AddressPlaces(connection, GeoIp.NONE).describe("203.0.113.45")).isNull();
        }
    }
}
