package dev.cloudsift.investigate.movement;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudsift.investigate.fixture.IncidentFixture;
import dev.cloudsift.store.CaseStore;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Movement totals on the shared multi-source incident, to the byte. */
class IncidentMovementTest {
    @TempDir
    static Path folder;
    static Path caseFolder;

    @BeforeAll
    static void ingest() throws Exception {
        caseFolder = IncidentFixture.ingest(folder);
    }

    private static Movement movement(String entity) throws Exception {
        try (CaseStore store = CaseStore.openReadOnly(caseFolder)) {
            return Movement.of(store, new MovementFilter(null, null, entity));
        }
    }

    @Test
    void theBackdoorKeyReadEveryObjectOnceAcrossBothLogs() throws Exception {
        Movement movement = movement(IncidentFixture.BACKDOOR_KEY);
        assertThat(movement.s3Total().requests()).isEqualTo(IncidentFixture.S3_OBJECTS_READ);
        assertThat(movement.s3Total().objects()).isEqualTo(IncidentFixture.S3_OBJECTS_READ);
        assertThat(movement.s3Total().bytes()).isEqualTo(IncidentFixture.S3_BYTES_READ);
        assertThat(movement.s3Total().sources()).containsOnlyKeys("s3access+cloudtrail");
        assertThat(movement.s3Reads()).extracting(MovementRow::resource, MovementRow::bytes).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("s3://" + IncidentFixture.FINANCE_BUCKET, IncidentFixture.FINANCE_BYTES_READ),
                org.assertj.core.groups.Tuple.tuple("s3://" + IncidentFixture.EXPORTS_BUCKET, IncidentFixture.EXPORTS_BYTES_READ));
    }

    @Test
    void theEgressToTheSecondAddressCountsOnceThoughTheNatGatewayCarriesItAgain() throws Exception {
        Movement all = movement(null);
        assertThat(all.natInterfaces()).containsKey(IncidentFixture.NAT_ENI);
        Movement.Destination attacker = all.byDestination().stream()
                .filter(destination -> destination.name().equals(IncidentFixture.ATTACKER_B)).findFirst().orElseThrow();
        assertThat(attacker.bytes()).isEqualTo(IncidentFixture.EGRESS_BYTES + IncidentFixture.S3_BYTES_READ);
        assertThat(all.byDestination().get(0).name()).isEqualTo(IncidentFixture.ATTACKER_B);
        Movement toB = movement(IncidentFixture.ATTACKER_B);
        assertThat(toB.flowTotal().bytes()).isEqualTo(IncidentFixture.EGRESS_BYTES);
        assertThat(toB.flowTotal().requests()).isEqualTo(1);
        assertThat(toB.flowEgress()).singleElement().extracting(MovementRow::sourceIp).isEqualTo(IncidentFixture.INSTANCE_IP);
    }

    @Test
    void theSshSessionSentItsHalfToTheFirstAddress() throws Exception {
        assertThat(movement(IncidentFixture.ATTACKER_A).flowTotal().bytes()).isEqualTo(IncidentFixture.SSH_SESSION_BYTES / 2);
    }

    @Test
    void theSnapshotSharedWithTheForeignAccountIsTheOnlyShare() throws Exception {
        assertThat(movement(null).shares()).extracting(MovementRow::resource, MovementRow::destination, MovementRow::accessKeyId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(IncidentFixture.SNAPSHOT,
                        "account " + IncidentFixture.FOREIGN_ACCOUNT, IncidentFixture.BACKDOOR_KEY));
    }
}
