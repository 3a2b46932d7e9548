package dev.cloudsift.investigate.suspects;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudsift.detect.Hunt;
import dev.cloudsift.detect.HuntResult;
import dev.cloudsift.detect.RuleLoader;
import dev.cloudsift.investigate.fixture.IncidentFixture;
import dev.cloudsift.investigate.fixture.TestCase;
import dev.cloudsift.store.CaseStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The incident fixture hunted with the built-in pack: the attacker's addresses, keys and principals rank first. */
class IncidentRankingTest {
    private static final Set<String> ATTACKER = Set.of(IncidentFixture.ATTACKER_A, IncidentFixture.ATTACKER_B,
            IncidentFixture.STOLEN_KEY, IncidentFixture.BACKDOOR_KEY, IncidentFixture.STOLEN_SESSION, IncidentFixture.BACKDOOR_ARN);

    private static final String ENUMERATION_BURST = "4e6f079a-58c1-419b-bade-509c92520f92";

    @TempDir
    static Path folder;
    static List<Suspect> suspects;
    /** The enumeration burst's findings: principal and source address of each. */
    static List<String> enumerationBursts = new ArrayList<>();

    @BeforeAll
    static void huntAndRank() throws Exception {
        Path caseFolder = IncidentFixture.ingest(folder);
        try (CaseStore store = CaseStore.open(caseFolder, TestCase.formats())) {
            HuntResult result = new Hunt(store.connection()).run(RuleLoader.builtIn());
            assertThat(result.failed()).isEmpty();
        }
        try (CaseStore store = CaseStore.openReadOnly(caseFolder)) {
            suspects = new SuspectRanking(store.connection()).rank(1000, null);
            try (var statement = store.connection().createStatement();
                 var rows = statement.executeQuery("SELECT principal, src_ip FROM findings WHERE rule_id = '" + ENUMERATION_BURST + "'")) {
                while (rows.next()) {
                    enumerationBursts.add(rows.getString(1) + " from " + rows.getString(2));
                }
            }
        }
        for (Suspect suspect : suspects.subList(0, Math.min(12, suspects.size()))) {
            System.out.println(suspect.score() + "  " + suspect.kind() + "  " + suspect.value() + "  — " + suspect.reason());
        }
    }

    @Test
    void theAttackersAddressesKeysAndPrincipalsTakeTheTopRanksStrictlyAboveBackground() {
        List<String> top = new ArrayList<>();
        for (Suspect suspect : suspects.subList(0, ATTACKER.size())) {
            top.add(suspect.value());
        }
        assertThat(top).containsExactlyInAnyOrderElementsOf(ATTACKER);
        int lowestAttacker = suspects.get(ATTACKER.size() - 1).score();
        assertThat(suspects.get(ATTACKER.size()).score()).as("best background entity").isLessThan(lowestAttacker);
    }

    @Test
    void theLabsRootAccountAndTheDeniedInternRankBelowTheUserWhoEscalated() {
        assertThat(rankOf(IncidentFixture.ROOT_ARN)).isGreaterThan(rankOf(IncidentFixture.BACKDOOR_ARN));
        assertThat(rankOf(IncidentFixture.INTERN_ARN)).isGreaterThan(rankOf(IncidentFixture.STOLEN_SESSION));
        assertThat(rankOf(IncidentFixture.INTERN_KEY)).isGreaterThan(ATTACKER.size());
    }

    @Test
    void accessKeysEarnFindingPointsAndEverySuspectSaysWhy() {
        Suspect key = suspects.get(rankOf(IncidentFixture.BACKDOOR_KEY));
        assertThat(key.findingPoints()).isPositive();
        assertThat(key.reason()).contains("high").contains("pts");
        assertThat(suspects).allSatisfy(suspect -> assertThat(suspect.reason()).isNotBlank().doesNotContain("\n"));
    }

    @Test
    void theEnumerationBurstCatchesTheAttackersReconOnceAndNothingOfTheBackground() {
        // twelve distinct reads in four minutes from one address; alice's console reads and AWS Config's role stay quiet
        assertThat(enumerationBursts).containsExactly(IncidentFixture.STOLEN_SESSION + " from " + IncidentFixture.ATTACKER_A);
    }

    @Test
    void bytesMovedCountEachS3RequestAndEachConnectionOnce() {
        // the access log and the CloudTrail data event record each of the backdoor's reads; the NAT gateway repeats the egress
        assertThat(suspects.get(rankOf(IncidentFixture.BACKDOOR_ARN)).bytes()).isEqualTo(IncidentFixture.S3_BYTES_READ);
        assertThat(suspects.get(rankOf(IncidentFixture.BACKDOOR_KEY)).bytes()).isEqualTo(IncidentFixture.S3_BYTES_READ);
        assertThat(suspects.get(rankOf(IncidentFixture.ATTACKER_B)).bytes())
                .isEqualTo(IncidentFixture.S3_BYTES_READ + IncidentFixture.EGRESS_BYTES);
    }

    @Test
    void serviceNamesAndRedactedAddressesAreNeverRankedAsAddresses() {
        assertThat(suspects).filteredOn(suspect -> suspect.kind().equals("ip"))
                .extracting(Suspect::value)
                .doesNotContain("AWS Internal", "config.amazonaws.com", "0.0.0.0", "")
                .allSatisfy(value -> assertThat(value).doesNotEndWith(".amazonaws.com"));
    }

    private static int rankOf(String value) {
        for (int i = 0; i < suspects.size(); i++) {
            if (suspects.get(i).value().equals(value)) {
                return i;
            }
        }
        throw new AssertionError(value + " is not ranked");
    }
}
