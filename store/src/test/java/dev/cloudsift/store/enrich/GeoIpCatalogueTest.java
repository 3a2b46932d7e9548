package dev.cloudsift.store.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudsift.core.FormatRegistry;
import dev.cloudsift.store.CaseStore;
import dev.cloudsift.store.ingest.Ingest;
import dev.cloudsift.store.ingest.IngestListener;
import dev.cloudsift.store.ingest.IngestOptions;
import dev.cloudsift.testdata.MaxMindTestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The geoip table filled from MaxMind's published test databases over a real case (CloudTrail and VPC flow logs
 * through the real readers), and the views that join it.
 */
class GeoIpCatalogueTest {
    private static final FormatRegistry REGISTRY = FormatRegistry.load();

    @TempDir
    Path folder;

    private static String trailEvent(String file, int n, String sourceIp, String eventName) {
        return "{\"eventVersion\":\"1.08\",\"userIdentity\":{\"type\":\"IAMUser\",\"arn\":\"arn:aws:iam::111122223333:user/alice\","
                + "\"accountId\":\"111122223333\",\"accessKeyId\":\"AKIAEXAMPLEALICE0001\",\"userName\":\"alice\"},"
                + "\"eventTime\":\"2025-11-04T09:0" + n + ":00Z\",\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"" + eventName
                + "\",\"awsRegion\":\"eu-west-1\",\"sourceIPAddress\":\"" + sourceIp + "\",\"userAgent\":\"aws-cli/2.17.0\","
                + "\"requestParameters\":null,\"responseElements\":null,\"requestID\":\"REQ" + n + "\",\"eventID\":\""
                + java.util.UUID.nameUUIDFromBytes((file + n + sourceIp).getBytes()) + "\",\"readOnly\":true,"
                + "\"eventType\":\"AwsApiCall\",\"managementEvent\":true,\"recipientAccountId\":\"111122223333\"}";
    }

    private Path trail(String name, String... sourceIps) throws Exception {
        List<String> records = new ArrayList<>();
        for (int i = 0; i < sourceIps.length; i++) {
            records.add(trailEvent(name, i, sourceIps[i], "ListBuckets"));
        }
        Path file = folder.resolve("logs").resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"Records\":[" + String.join(",", records) + "]}");
        return file;
    }

    private Path flows() throws Exception {
        Path file = folder.resolve("logs").resolve("flows.log");
        Files.createDirectories(file.getParent());
        Files.writeString(file, String.join("\n",
                "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status",
                "2 111122223333 eni-0a1b2c3d 10.0.1.5 89.160.20.112 49152 443 6 10 8400 1762246800 1762246860 ACCEPT OK",
                "2 111122223333 eni-0a1b2c3d 216.160.83.56 10.0.1.5 50000 22 6 3 180 1762246800 1762246860 REJECT OK",
                "2 111122223333 eni-0a1b2c3d 0.0.0.0 0.0.0.0 0 0 6 3 180 1762246800 1762246860 ACCEPT OK") + "\n");
        return file;
    }

    private void ingest(Path caseFolder, Path... inputs) throws Exception {
        try (CaseStore store = CaseStore.open(caseFolder, REGISTRY.formats())) {
            new Ingest(store, REGISTRY).run(IngestOptions.of(List.of(inputs)), IngestListener.NONE);
        }
    }

    private GeoIpCatalogue.Result enrich(Path caseFolder, GeoIpCatalogue.Mode mode, String... databases) throws Exception {
        return enrich(caseFolder, mode, 65_536, databases);
    }

    private GeoIpCatalogue.Result enrich(Path caseFolder, GeoIpCatalogue.Mode mode, int pageSize, String... databases)
            throws Exception {
        List<Path> files = new ArrayList<>();
        for (String database : databases) {
            files.add(MaxMindTestDatabases.copy(database, folder.resolve("db")));
        }
        try (CaseStore store = CaseStore.open(caseFolder, REGISTRY.formats()); GeoIpDatabases geo = GeoIpDatabases.open(files)) {
            return new GeoIpCatalogue(store, pageSize).run(geo, mode);
        }
    }

    private static List<String> rows(Path caseFolder, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (CaseStore store = CaseStore.openReadOnly(caseFolder); Statement statement = store.connection().createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    values.add(String.valueOf(result.getObject(i)));
                }
                rows.add(String.join(" | ", values));
            }
        }
        return rows;
    }

    @Test
    void looksUpEveryPublicSourceAndDestinationAddressAndTheViewsJoinIt() throws Exception {
        Path caseFolder = folder.resolve("case");
        ingest(caseFolder, trail("a.json", "81.2.69.160", "89.160.20.112", "ec2.amazonaws.com", "10.1.2.3"), flows());

        // pages of two addresses: the six distinct ones are read across page boundaries
        GeoIpCatalogue.Result result = enrich(caseFolder, GeoIpCatalogue.Mode.NEW_ONLY, 2,
                MaxMindTestDatabases.COUNTRY, MaxMindTestDatabases.ASN);

        // 81.2.69.160, 89.160.20.112 and 216.160.83.56; not 10.x, 0.0.0.0 or the service name
        assertThat(result.addresses()).isEqualTo(3);
        assertThat(result.added()).isEqualTo(3);
        assertThat(result.skipped()).isEqualTo(3);
        assertThat(rows(caseFolder, "SELECT address, country_code, country_name, city, asn, as_org, country_db, asn_db, "
                + "country_db_built IS NOT NULL AND asn_db_built IS NOT NULL FROM geoip ORDER BY address")).containsExactly(
                "216.160.83.56 | US | United States | null | 209 | null | GeoIP2-Country (GeoIP2-Country-Test.mmdb) | GeoLite2-ASN (GeoLite2-ASN-Test.mmdb) | true",
                "81.2.69.160 | GB | United Kingdom | null | null | null | GeoIP2-Country (GeoIP2-Country-Test.mmdb) | GeoLite2-ASN (GeoLite2-ASN-Test.mmdb) | true",
                "89.160.20.112 | SE | Sweden | null | 29518 | Bredband2 AB | GeoIP2-Country (GeoIP2-Country-Test.mmdb) | GeoLite2-ASN (GeoLite2-ASN-Test.mmdb) | true");
        assertThat(rows(caseFolder, "SELECT src_ip, src_country, src_asn, src_as_org FROM events WHERE source = 'cloudtrail' "
                + "ORDER BY event_time")).containsExactly(
                "81.2.69.160 | GB | null | null", "89.160.20.112 | SE | 29518 | Bredband2 AB", "null | null | null | null",
                "10.1.2.3 | null | null | null");
        assertThat(rows(caseFolder, "SELECT source_ip_address, src_country FROM cloudtrail ORDER BY event_time"))
                .containsExactly("81.2.69.160 | GB", "89.160.20.112 | SE", "ec2.amazonaws.com | null", "10.1.2.3 | null");
        assertThat(rows(caseFolder, "SELECT srcaddr, src_country, src_asn, dstaddr, dst_country, dst_asn, dst_as_org "
                + "FROM vpcflow ORDER BY srcaddr")).containsExactly(
                "0.0.0.0 | null | null | 0.0.0.0 | null | null | null",
                "10.0.1.5 | null | null | 89.160.20.112 | SE | 29518 | Bredband2 AB",
                "216.160.83.56 | US | 209 | 10.0.1.5 | null | null | null");
        assertThat(rows(caseFolder, "SELECT count(*) FROM events WHERE dst_country = 'SE'")).containsExactly("1");
        // a join never multiplies rows
        assertThat(rows(caseFolder, "SELECT count(*) FROM events")).containsExactly("7");
    }

    @Test
    void aLaterIngestLooksUpOnlyAddressesNotYetInTheTable() throws Exception {
        Path caseFolder = folder.resolve("case");
        ingest(caseFolder, trail("a.json", "81.2.69.160"));
        assertThat(enrich(caseFolder, GeoIpCatalogue.Mode.NEW_ONLY, MaxMindTestDatabases.COUNTRY).added()).isEqualTo(1);

        ingest(caseFolder, trail("b.json", "81.2.69.160", "175.16.199.1"));
        GeoIpCatalogue.Result second = enrich(caseFolder, GeoIpCatalogue.Mode.NEW_ONLY, MaxMindTestDatabases.COUNTRY);

        assertThat(second.addresses()).isEqualTo(1);
        assertThat(second.added()).isEqualTo(1);
        assertThat(rows(caseFolder, "SELECT address, country_code FROM geoip ORDER BY address"))
                .containsExactly("175.16.199.1 | CN", "81.2.69.160 | GB");
        assertThat(rows(caseFolder, "SELECT src_ip, src_country FROM events ORDER BY event_time, src_ip"))
                .containsExactly("81.2.69.160 | GB", "81.2.69.160 | GB", "175.16.199.1 | CN");
    }

    @Test
    void enrichingAgainWithAnotherDatabaseReplacesRowsAndCountsTheChangedOnes() throws Exception {
        Path caseFolder = folder.resolve("case");
        ingest(caseFolder, trail("a.json", "81.2.69.160", "89.160.20.112", "149.101.100.1"));
        enrich(caseFolder, GeoIpCatalogue.Mode.NEW_ONLY, MaxMindTestDatabases.COUNTRY);

        // the City database adds a city to London and Linköping; 149.101.100.1 has none, so its row is the same
        GeoIpCatalogue.Result replaced = enrich(caseFolder, GeoIpCatalogue.Mode.REPLACE, MaxMindTestDatabases.CITY);

        assertThat(replaced.addresses()).isEqualTo(3);
        assertThat(replaced.added()).isZero();
        assertThat(replaced.changed()).isEqualTo(2);
        assertThat(rows(caseFolder, "SELECT address, city, country_db FROM geoip ORDER BY address")).containsExactly(
                "149.101.100.1 | null | GeoIP2-City (GeoIP2-City-Test.mmdb)",
                "81.2.69.160 | London | GeoIP2-City (GeoIP2-City-Test.mmdb)",
                "89.160.20.112 | Linköping | GeoIP2-City (GeoIP2-City-Test.mmdb)");
        assertThat(rows(caseFolder, "SELECT src_city FROM cloudtrail ORDER BY event_time"))
                .containsExactly("London", "Linköping", "null");
    }

    @Test
    void aCaseWithoutTheTableHasTheColumnsEmpty() throws Exception {
        Path caseFolder = folder.resolve("case");
        ingest(caseFolder, trail("a.json", "81.2.69.160"));
        assertThat(rows(caseFolder, "SELECT src_ip, src_country, src_asn, dst_country FROM events"))
                .containsExactly("81.2.69.160 | null | null | null");
        assertThat(rows(caseFolder, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'geoip'"))
                .containsExactly("0");
    }

    @Test
    void refusesTwoDatabasesOfTheSameKindAndFilesThatAreNoDatabase() throws Exception {
        Path country = MaxMindTestDatabases.copy(MaxMindTestDatabases.COUNTRY, folder);
        Path city = MaxMindTestDatabases.copy(MaxMindTestDatabases.CITY, folder);
        Path junk = Files.writeString(folder.resolve("junk.mmdb"), "not a database");
        assertThatThrownBy(() -> GeoIpDatabases.open(List.of(country, city))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("two country databases");
        assertThatThrownBy(() -> GeoIpDatabases.open(List.of(junk))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("junk.mmdb is not a readable MaxMind database");
    }

    @Test
    void onlyPublicAddressesAreWorthALookup() {
        for (String address : List.of("81.2.69.160", "2a02:d3c0::1", "89.160.20.112")) {
            assertThat(PublicAddresses.parse(address)).as(address).isNotNull();
        }
        for (String address : List.of("10.0.0.1", "172.16.5.4", "192.168.1.1", "127.0.0.1", "169.254.169.254", "100.64.0.1",
                "0.0.0.0", "203.0.113.77", "198.51.100.7", "192.0.2.1", "224.0.0.1", "255.255.255.255", "::", "::1",
                "fe80::1", "fd00::1", "2001:db8::1", "ec2.amazonaws.com", "AWS Internal", "-", "")) {
            assertThat(PublicAddresses.parse(address)).as(address).isNull();
        }
    }
}
