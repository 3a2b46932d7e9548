package dev.cloudsift.investigate.gaps;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudsift.investigate.fixture.IncidentFixture;
import dev.cloudsift.store.CaseStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Gaps on the six-source incident: the two-hour trail stop is paired, ranked first, and coverage is judged fairly. */
class IncidentGapsTest {
    @TempDir
    static Path folder;
    static GapAnalysis gaps;

    @BeforeAll
    static void ingest() throws Exception {
        Path caseFolder = IncidentFixture.ingest(folder);
        try (CaseStore store = CaseStore.openReadOnly(caseFolder)) {
            gaps = GapAnalysis.run(store.connection(), List.of());
        }
    }

    @Test
    void pairsStopLoggingWithTheStartLoggingTwoHoursLater() {
        assertThat(gaps.pauses()).singleElement().satisfies(pause -> {
            assertThat(pause.trail()).isEqualTo(IncidentFixture.TRAIL);
            assertThat(pause.accountId()).isEqualTo(IncidentFixture.ACCOUNT);
            assertThat(pause.stop()).isBetween(IncidentFixture.GAP_START, IncidentFixture.GAP_START.plusSeconds(59));
            assertThat(pause.restart()).isBetween(IncidentFixture.GAP_END, IncidentFixture.GAP_END.plusSeconds(59));
            assertThat(pause.off()).isBetween(Duration.ofMinutes(119), Duration.ofMinutes(121));
            assertThat(pause.silence()).isNotNull();
            assertThat(pause.silence().region()).isEqualTo(IncidentFixture.REGION);
            assertThat(pause.silence().length()).isBetween(Duration.ofMinutes(115), Duration.ofMinutes(125));
        });
    }

    @Test
    void ranksTheSilenceTheStopCausedFirst() {
        RankedSilence first = gaps.ranked().get(0);
        assertThat(first.silence().source()).startsWith("cloudtrail");
        assertThat(first.cause()).isNotNull();
        assertThat(first.cause().action()).isEqualTo("StopLogging");
        assertThat(first.restart()).isNotNull();
    }

    @Test
    void doesNotJudgeTheTwelveReconRegions() {
        assertThat(gaps.coverageInScope()).extracting(CoverageRow::region).containsExactly(IncidentFixture.REGION);
        assertThat(gaps.coverageInScope()).noneMatch(CoverageRow::missesSource);
        assertThat(gaps.coverage()).extracting(CoverageRow::accountId).containsOnly(IncidentFixture.ACCOUNT);
    }
}
