package dev.cloudsift.investigate.movement;

import static dev.cloudsift.investigate.movement.MovementFixture.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudsift.investigate.fixture.TestCase;
import dev.cloudsift.store.CaseStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MovementTest {
    @TempDir
    static Path folder;
    static Path caseFolder;

    @BeforeAll
    static void ingest() throws Exception {
        caseFolder = MovementFixture.ingest(folder);
    }

    private static Movement movement(MovementFilter filter) throws Exception {
        try (CaseStore store = CaseStore.openReadOnly(caseFolder)) {
            return Movement.of(store, filter);
        }
    }

    @Test
    void s3ReadsCountEachRequestOnceWithAccessLogBytesFirst() throws Exception {
        Movement movement = movement(MovementFilter.ALL);
        MovementRow total = movement.s3Total();
        assertThat(total).isNotNull();
        assertThat(total.requests()).isEqualTo(S3_REQUESTS);
        assertThat(total.objects()).isEqualTo(S3_OBJECTS);
        assertThat(total.bytes()).isEqualTo(S3_BYTES);
        assertThat(total.sources()).containsExactly(Map.entry("s3access+cloudtrail", 2L), Map.entry("s3access", 1L),
                Map.entry("cloudtrail", 1L));
        assertThat(total.first()).isEqualTo(Instant.parse("2025-11-04T09:15:30Z"));
        assertThat(total.last()).isEqualTo(Instant.parse("2025-11-04T09:15:50Z"));
        assertThat(movement.s3Reads()).extracting(MovementRow::bytes).containsExactly(7_000L, 300L);
        assertThat(movement.s3Reads().get(0).accessKeyId()).isEqualTo(KEY);
        assertThat(movement.s3Reads().get(0).destination()).isEqualTo(ATTACKER);
        assertThat(movement.s3Reads().get(0).resource()).isEqualTo("s3://" + BUCKET);
    }

    @Test
    void readerBytesAddUpAsTheS3ReadRowsPerReaderEachRequestOnce() throws Exception {
        java.util.Map<java.util.List<String>, Long> expected = new java.util.HashMap<>();
        for (MovementRow row : movement(MovementFilter.ALL).s3Reads()) {
            expected.merge(java.util.Arrays.asList(row.principal(), row.accessKeyId(), row.sourceIp()), row.bytes(), Long::sum);
        }
        java.util.Map<java.util.List<String>, Long> actual = new java.util.HashMap<>();
        try (CaseStore store = CaseStore.openReadOnly(caseFolder)) {
            for (ReaderBytes.Reader reader : ReaderBytes.read(store.connection())) {
                actual.merge(java.util.Arrays.asList(reader.principal(), reader.accessKeyId(), reader.sourceIp()), reader.bytes(),
                        Long::sum);
            }
        }
        assertThat(actual).isEqualTo(expected);
        assertThat(actual.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(S3_BYTES);
    }

    @Test
    void flowEgressCountsEachConnectionOnceWhereItLeavesNotAgainOnTheNatGateway() throws Exception {
        Movement movement = movement(MovementFilter.ALL);
        MovementRow total = movement.flowTotal();
        assertThat(total).isNotNull();
        assertThat(total.requests()).isEqualTo(FLOW_CONNECTIONS);
        assertThat(total.bytes()).isEqualTo(FLOW_BYTES);
        assertThat(movement.natInterfaces()).containsOnlyKeys("eni-0feedfacecafe0001");
        assertThat(movement.flowEgress()).extracting(MovementRow::sourceIp, MovementRow::destination, MovementRow::bytes)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("10.0.1.5", "198.51.100.10", 12_000L),
                        org.assertj.core.groups.Tuple.tuple("10.0.1.77", "192.0.2.200", 3_333L));
        assertThat(movement.flowEgress().get(0).resource()).isEqualTo("eni-0a1b2c3d4e5f60718 (i-0123456789abcdef0)");
        assertThat(movement.flowEgress().get(1).sources()).containsOnlyKeys("vpcflow via NAT gateway");
    }

    @Test
    void sharesToForeignAccountsAreListedAndSharesToOwnAccountsAreNot() throws Exception {
        Movement movement = movement(MovementFilter.ALL);
        assertThat(movement.shares()).extracting(MovementRow::resource, MovementRow::destination).containsExactly(
                org.assertj.core.groups.Tuple.tuple("snap-0123456789abcdef0", "account " + FOREIGN),
                org.assertj.core.groups.Tuple.tuple("s3://" + BUCKET, "account " + OTHER_FOREIGN),
                org.assertj.core.groups.Tuple.tuple("orders-db-snap", "account " + FOREIGN));
        assertThat(OwnAccounts.of(CaseStore.openReadOnly(caseFolder).connection())).containsExactly(ACCOUNT);
    }

    @Test
    void anEntityNarrowsTotalsToTheRowsNamingIt() throws Exception {
        Movement byKey = movement(new MovementFilter(null, null, KEY));
        assertThat(byKey.s3Total().requests()).isEqualTo(3);
        assertThat(byKey.s3Total().objects()).isEqualTo(2);
        assertThat(byKey.s3Total().bytes()).isEqualTo(7_000);
        assertThat(byKey.flowTotal()).isNull();
        assertThat(byKey.shares()).hasSize(3);
        Movement byForeign = movement(new MovementFilter(null, null, FOREIGN));
        assertThat(byForeign.rows()).extracting(MovementRow::resource).containsExactly("snap-0123456789abcdef0", "orders-db-snap");
        Movement byInstance = movement(new MovementFilter(null, null, "i-0123456789abcdef0"));
        assertThat(byInstance.flowTotal().bytes()).isEqualTo(12_000);
        // the instance's role session is named after it, so its S3 reads are the instance's too
        assertThat(byInstance.s3Total().requests()).isEqualTo(S3_REQUESTS);
        Movement byNatInstance = movement(new MovementFilter(null, null, "10.0.1.77"));
        assertThat(byNatInstance.rows()).extracting(MovementRow::bytes).containsExactly(3_333L);
    }

    @Test
    void aTimeRangeNarrowsTotalsToRecordsInside() throws Exception {
        Movement late = movement(new MovementFilter(Instant.parse("2025-11-04T09:15:45Z"), Instant.parse("2025-11-04T09:21:00Z"), null));
        assertThat(late.s3Total().requests()).isEqualTo(2);
        assertThat(late.s3Total().bytes()).isEqualTo(4_300);
        assertThat(late.shares()).extracting(MovementRow::resource).containsExactly("snap-0123456789abcdef0");
    }

    @Test
    void destinationsAddBytesAcrossKinds() throws Exception {
        Movement movement = movement(MovementFilter.ALL);
        assertThat(movement.byDestination()).extracting(Movement.Destination::name).startsWith("198.51.100.10", ATTACKER, "192.0.2.200");
        assertThat(movement.byDestination().get(1).bytes()).isEqualTo(S3_BYTES);
        assertThat(movement.totalBytes()).isEqualTo(S3_BYTES + FLOW_BYTES);
    }

    @Test
    void theAnswerFitsOneLine() throws Exception {
        assertThat(movement(MovementFilter.ALL).oneLine()).isEqualTo("S3: 3 objects, 7,300 bytes (7.1 KiB) read;"
                + " 15,333 bytes (15.0 KiB) sent to public addresses in 2 connections;"
                + " shared to account 444455556666, account 555566667777");
    }

    @Test
    void aCaseWithoutTheSourcesHasNoMovement() throws Exception {
        Path empty = TestCase.ingest(folder.resolve("empty"), Map.of("web.jsonl", java.util.List.of()));
        try (CaseStore store = CaseStore.openReadOnly(empty)) {
            Movement movement = Movement.of(store, MovementFilter.ALL);
            assertThat(movement.isEmpty()).isTrue();
            assertThat(movement.s3Total()).isNull();
            assertThat(movement.oneLine()).isEqualTo("nothing read or sent out in the logs");
        }
    }
}
