package dev.cloudsift.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudsift.investigate.fixture.IncidentFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code investigate} on the six-source incident prints the five answers, and the report opens with them. */
class IncidentAnswersCommandTest {
    @TempDir
    static Path folder;
    static CliRun run;
    static String report;

    @BeforeAll
    static void investigate() throws Exception {
        Path input = IncidentFixture.write(folder.resolve("incident"));
        Path html = folder.resolve("report.html");
        run = CliRun.of("investigate", "--quiet", "--case", folder.resolve("case").toString(), "-o", html.toString(),
                input.toString());
        report = Files.readString(html);
    }

    @Test
    void printsWhatHappenedInOrderWithTheTechniquesOfTheBreach() {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        String out = run.out();
        assertThat(out.lines().filter(line -> line.startsWith("Hunt: ")).findFirst().orElseThrow()).contains(", 0 failed to run)");
        assertThat(out).contains("What happened (ATT&CK techniques");
        String happened = out.substring(out.indexOf("What happened"), out.indexOf("Who ("));
        // the backdoor user (persistence) and the stopped trail (defense evasion) are among the techniques, in time order
        assertThat(happened).contains("T1136", "T1562.008");
        assertThat(happened.indexOf("T1136")).isLessThan(happened.indexOf("T1562.008"));
    }

    @Test
    void namesWhoAndFromWhereAmongTheAttackersKeysPrincipalsAndAddresses() {
        String out = run.out();
        String who = out.substring(out.indexOf("Who ("), out.indexOf("From where ("));
        assertThat(who).containsAnyOf(IncidentFixture.STOLEN_KEY, IncidentFixture.BACKDOOR_KEY, IncidentFixture.BACKDOOR_ARN,
                IncidentFixture.STOLEN_SESSION);
        String where = out.substring(out.indexOf("From where ("), out.indexOf("When: "));
        assertThat(where).contains(IncidentFixture.ATTACKER_A);
    }

    @Test
    void saysWhenWithTheTrailStopPairedWithItsRestart() {
        String out = run.out();
        String when = out.substring(out.indexOf("When: "), out.indexOf("What left: "));
        assertThat(when).contains("trail " + IncidentFixture.TRAIL + " stopped 2026-10-14T10:45:00Z")
                .contains("restarted 2026-10-14T12:45:00Z (off 2 h)")
                .contains("after StopLogging").contains("ended by StartLogging");
        String left = out.lines().filter(line -> line.startsWith("What left: ")).findFirst().orElseThrow();
        assertThat(left).contains("S3: ", "objects", "sent to public addresses", IncidentFixture.FOREIGN_ACCOUNT);
    }

    @Test
    void endsWithFindingsByRuleAndJudgesOnlyTheWorkloadRegion() {
        String out = run.out();
        assertThat(out).contains("Findings by rule (");
        assertThat(out).contains("coverage: 0 of 1 account/regions miss a seed source");
    }

    @Test
    void reportOpensWithTheFiveAnswersAndGroupsFindingsByRule() {
        assertThat(report).contains("<dl id=\"answers\"><dt>What happened</dt>", "<dt>Who</dt>", "<dt>From where</dt>",
                "<dt>When</dt>", "<dt>What left</dt>");
        assertThat(report.indexOf("id=\"answers\"")).isLessThan(report.indexOf("id=\"findings\""));
        assertThat(report).contains("<h2>Findings by rule</h2>").contains("<h3>Trail stops</h3>");
    }

    @Test
    void findingSummariesNameTheNewUserThePolicyAndTheForeignAccount() {
        assertThat(report).contains("user " + IncidentFixture.BACKDOOR_USER)
                .contains("policy arn:aws:iam::aws:policy/AdministratorAccess")
                .contains("shared with account " + IncidentFixture.FOREIGN_ACCOUNT)
                .contains("in account " + IncidentFixture.ACCOUNT);
    }
}
