package dev.cloudsift.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudsift.testdata.MaxMindTestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ingest --geoip/--asn} and {@code enrich} with MaxMind's published test databases: what they say about the
 * case's addresses is in the data (query), and display commands show it without any database given.
 */
class GeoIpCommandTest {
    @TempDir
    Path folder;

    private Path trail() throws Exception {
        String records = String.join(",",
                event("e1", "2025-11-04T09:00:00Z", "81.2.69.160"),
                event("e2", "2025-11-04T09:05:00Z", "89.160.20.112"),
                event("e3", "2025-11-04T09:10:00Z", "10.0.0.8"));
        Path file = folder.resolve("trail.json");
        Files.writeString(file, "{\"Records\":[" + records + "]}");
        return file;
    }

    private static String event(String id, String time, String sourceIp) {
        return "{\"eventVersion\":\"1.08\",\"userIdentity\":{\"type\":\"IAMUser\",\"arn\":\"arn:aws:iam::111122223333:user/alice\","
                + "\"accountId\":\"111122223333\",\"accessKeyId\":\"AKIAEXAMPLEALICE0001\",\"userName\":\"alice\"},"
                + "\"eventTime\":\"" + time + "\",\"eventSource\":\"iam.amazonaws.com\",\"eventName\":\"ListUsers\","
                + "\"awsRegion\":\"us-east-1\",\"sourceIPAddress\":\"" + sourceIp + "\",\"userAgent\":\"aws-cli/2.17.0\","
                + "\"requestParameters\":null,\"responseElements\":null,\"requestID\":\"" + id + "\",\"eventID\":\""
                + java.util.UUID.nameUUIDFromBytes(id.getBytes()) + "\",\"readOnly\":true,\"eventType\":\"AwsApiCall\","
                + "\"managementEvent\":true,\"recipientAccountId\":\"111122223333\"}";
    }

    @Test
    void ingestWritesCountryAndAutonomousSystemIntoTheCaseAndEnrichRefreshesThem() throws Exception {
        Path caseFolder = folder.resolve("case");
        Path country = MaxMindTestDatabases.copy(MaxMindTestDatabases.COUNTRY, folder.resolve("db"));
        Path city = MaxMindTestDatabases.copy(MaxMindTestDatabases.CITY, folder.resolve("db"));
        Path asn = MaxMindTestDatabases.copy(MaxMindTestDatabases.ASN, folder.resolve("db"));

        CliRun ingest = CliRun.of("ingest", "-q", "--case", caseFolder.toString(), "--geoip", country.toString(),
                "--asn", asn.toString(), trail().toString());
        assertThat(ingest.exitCode()).as(ingest.err()).isZero();
        assertThat(ingest.out()).contains("GeoIP: 2 public address(es) looked up, 2 located; 2 added to the geoip table; "
                + "1 not looked up").contains("GeoIP2-Country (GeoIP2-Country-Test.mmdb) built ");

        CliRun query = CliRun.of("query", "--case", caseFolder.toString(), "--format", "csv",
                "SELECT src_ip, src_country, src_asn, src_as_org FROM events ORDER BY event_time");
        assertThat(query.exitCode()).as(query.err()).isZero();
        assertThat(query.out().lines()).containsExactly("src_ip,src_country,src_asn,src_as_org", "81.2.69.160,GB,,",
                "89.160.20.112,SE,29518,Bredband2 AB", "10.0.0.8,,,");

        // no database given at display time: the case's table answers
        CliRun entity = CliRun.of("entity", "--case", caseFolder.toString(), "arn:aws:iam::111122223333:user/alice");
        assertThat(entity.exitCode()).as(entity.err()).isZero();
        assertThat(entity.out()).contains("89.160.20.112 [SE, AS29518 Bredband2 AB]");

        CliRun enrich = CliRun.of("enrich", "--case", caseFolder.toString(), "--geoip", city.toString(), "--asn", asn.toString());
        assertThat(enrich.exitCode()).as(enrich.err()).isZero();
        assertThat(enrich.out()).contains("2 public address(es) looked up, 2 located; 0 added to the geoip table, 2 changed;");
        CliRun cities = CliRun.of("query", "--case", caseFolder.toString(), "--format", "csv",
                "SELECT src_city FROM cloudtrail ORDER BY event_time");
        assertThat(cities.out().lines()).containsExactly("src_city", "London", "Linköping", "\"\"");
    }

    @Test
    void exportsCarryWhatTheGeoipTableSays() throws Exception {
        Path caseFolder = folder.resolve("case");
        Path city = MaxMindTestDatabases.copy(MaxMindTestDatabases.CITY, folder.resolve("db"));
        Path asn = MaxMindTestDatabases.copy(MaxMindTestDatabases.ASN, folder.resolve("db"));
        assertThat(CliRun.of("ingest", "-q", "--case", caseFolder.toString(), "--geoip", city.toString(), "--asn",
                asn.toString(), trail().toString()).exitCode()).isZero();

        CliRun csv = CliRun.of("export", "--case", caseFolder.toString(), "--format", "csv");
        assertThat(csv.exitCode()).as(csv.err()).isZero();
        assertThat(csv.out().lines().findFirst().orElseThrow())
                .endsWith("src_country,src_city,src_asn,src_as_org,dst_country,dst_city,dst_asn,dst_as_org");
        assertThat(csv.out()).contains(",SE,Linköping,29518,Bredband2 AB,,,,");

        CliRun ocsf = CliRun.of("export", "--case", caseFolder.toString(), "--format", "ocsf");
        assertThat(ocsf.exitCode()).as(ocsf.err()).isZero();
        OcsfExpectations expectations = OcsfExpectations.load();
        java.util.List<com.fasterxml.jackson.databind.JsonNode> events = new java.util.ArrayList<>();
        for (String line : ocsf.out().lines().toList()) {
            events.add(dev.cloudsift.core.Json.MAPPER.readTree(line));
        }
        assertThat(events).allSatisfy(event -> assertThat(expectations.violations(event)).isEmpty());
        assertThat(events).extracting(event -> event.path("src_endpoint").path("location").toString()).containsExactly(
                "{\"country\":\"GB\",\"city\":\"London\"}",
                "{\"country\":\"SE\",\"city\":\"Linköping\",\"isp\":\"Bredband2 AB\"}",
                "");
    }

    @Test
    void enrichWithoutADatabaseOrWithAFileThatIsNoneIsAUsageError() throws Exception {
        Path caseFolder = folder.resolve("case");
        assertThat(CliRun.of("ingest", "-q", "--case", caseFolder.toString(), trail().toString()).exitCode()).isZero();

        CliRun none = CliRun.of("enrich", "--case", caseFolder.toString());
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("give --geoip FILE");

        Path junk = Files.writeString(folder.resolve("junk.mmdb"), "nothing");
        CliRun bad = CliRun.of("enrich", "--case", caseFolder.toString(), "--geoip", junk.toString());
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("junk.mmdb is not a readable MaxMind database");
    }
}
