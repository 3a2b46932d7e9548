package dev.cloudsift.investigate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudsift.investigate.fixture.TestCase;
import dev.cloudsift.store.CaseStore;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EntityPivotTest {
    @TempDir
    static Path folder;
    static Path caseFile;

    @BeforeAll
    static void ingest() throws Exception {
        caseFile = TestCase.scenario(folder);
    }

    private static EntityProfile profile(String value) throws Exception {
        try (CaseStore store = CaseStore.openReadOnly(caseFile)) {
            return new EntityPivot(store.connection()).profile(EntityMatch.of(value));
        }
    }

    @Test
    void followsOneIpThroughWafAlbCloudTrailS3HostLogsAndFlowsInOneAnswer() throws Exception {
        EntityProfile profile = profile("203.0.113.45");
        assertThat(profile.sources()).extracting(SourceSummary::source)
                .containsExactlyInAnyOrder("s3access", "cloudtrail", "waf", "vpcflow", "alb", "cloudwatch");
        SourceSummary s3 = profile.sources().get(0);
        assertThat(s3.source()).isEqualTo("s3access");
        assertThat(s3.count()).isEqualTo(305);
        assertThat(s3.firstSeen()).isEqualTo(Instant.parse("2025-11-04T09:30:00Z"));
        assertThat(s3.topActions()).containsExactly(new Counted("REST.GET.OBJECT", 305));
        SourceSummary waf = profile.sources().stream().filter(s -> s.source().equals("waf")).findFirst().orElseThrow();
        assertThat(waf.failures()).isEqualTo(3);
        assertThat(waf.successes()).isEqualTo(3);
        assertThat(profile.related().get("access key")).extracting(Counted::value)
                .contains("AKIAEXAMPLELEAKED001", "ASIAATTACKERADMIN001", "ASIACROSSACCOUNT0002");
        assertThat(profile.related().get("bucket")).containsExactly(new Counted("acme-data", 305));
        assertThat(profile.related().get("network interface")).extracting(Counted::value).containsExactly("eni-0a1b2c3d4e5f67890");
        assertThat(profile.related().get("instance")).extracting(Counted::value).containsExactly("i-0abc1234def567890");
        assertThat(profile.related().get("ip")).extracting(Counted::value).doesNotContain("203.0.113.45").contains("10.0.1.10");
    }

    @Test
    void countsTheAnomaliesOfTheEntitysRecords(@TempDir Path own) throws Exception {
        String record = "{\"eventVersion\":\"1.11\",\"eventTime\":\"2025-11-04T09:15:30Z\",\"eventSource\":\"cloudtrail.amazonaws.com\","
                + "\"eventName\":\"ListUsers\",\"awsRegion\":\"us-east-1\",\"sourceIPAddress\":\"198.51.100.77\","
                + "\"userIdentity\":{\"type\":\"IAMUser\",\"arn\":\"arn:aws:iam::111122223333:user/u\"},"
                + "\"recipientAccountId\":\"111122223333\",\"eventID\":\"%s\"%s}";
        Path file = TestCase.ingest(own, java.util.Map.of("trail.jsonl", java.util.List.of(
                record.formatted("e1", ",\"eventName\":\"DeleteTrail\""),
                record.formatted("e2", ",\"eventName\":\"StopLogging\""),
                record.formatted("e3", "").replace("\"eventTime\":\"2025-11-04T09:15:30Z\",", ""),
                record.formatted("e4", ""),
                record.formatted("e5", "").replace("2025-11-04T09:15:30Z", "0000-11-04T09:31:00Z"))));

        try (CaseStore store = CaseStore.openReadOnly(file)) {
            EntityProfile profile = new EntityPivot(store.connection()).profile(EntityMatch.of("198.51.100.77"));
            assertThat(profile.total()).isEqualTo(5);
            assertThat(profile.related().get("anomaly")).containsExactly(new Counted("duplicate_key:eventName", 2),
                    new Counted("no_time", 1), new Counted("time_out_of_range", 1));
            // read back as written: a java.sql.Timestamp would turn year 0000 into 0001
            assertThat(profile.sources().get(0).firstSeen()).isEqualTo(Instant.parse("0000-11-04T09:31:00Z"));
            try (var statement = store.connection().createStatement();
                 var result = statement.executeQuery("SELECT count(*) FROM events WHERE len(anomalies) > 0")) {
                result.next();
                assertThat(result.getLong(1)).isEqualTo(4);
            }
        }
    }

    @Test
    void aRoleArnAlsoFindsTheSessionsOfThatRole() throws Exception {
        EntityProfile profile = profile("arn:aws:iam::111122223333:role/Admin");
        assertThat(profile.total()).isGreaterThan(300);
        assertThat(profile.related().get("principal")).extracting(Counted::value)
                .contains("arn:aws:sts::111122223333:assumed-role/Admin/pwn");
    }

    @Test
    void anAccessKeyShowsWhoUsedItAndFromWhere() throws Exception {
        EntityProfile profile = profile("AKIAEXAMPLELEAKED001");
        assertThat(profile.sources()).singleElement().satisfies(source -> {
            assertThat(source.count()).isEqualTo(5);
            assertThat(source.failures()).isEqualTo(3);
        });
        assertThat(profile.related().get("principal")).containsExactly(new Counted("arn:aws:iam::111122223333:user/dev-ci", 5));
        assertThat(profile.related().get("ip")).containsExactly(new Counted("203.0.113.45", 5));
    }

    @ParameterizedTest
    @CsvSource({
        "203.0.113.45, IP_ADDRESS", "2001:db8::1, IP_ADDRESS", "AKIAEXAMPLELEAKED001, ACCESS_KEY",
        "ASIAATTACKERADMIN001, ACCESS_KEY", "arn:aws:iam::111122223333:role/Admin, ARN", "111122223333, ACCOUNT",
        "i-0abc1234def567890, INSTANCE", "eni-0a1b2c3d4e5f67890, NETWORK_INTERFACE", "acme-data, BUCKET"})
    void recognisesEntitiesByTheirShape(String value, EntityKind kind) {
        assertThat(EntityKind.recognise(value)).first().isEqualTo(kind);
    }

    @Test
    void aValueOfNoKnownShapeIsRefusedWithTheKindsItCouldHaveBeen() {
        assertThatThrownBy(() -> EntityMatch.of("two words"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an IP address");
    }
}
