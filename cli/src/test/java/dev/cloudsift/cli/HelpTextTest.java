package dev.cloudsift.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class HelpTextTest {
    @Test
    void everyCommandInTheListIsSummedUpInACompleteSentence() {
        CommandLine commandLine = Main.newCommandLine();
        for (CommandLine sub : commandLine.getSubcommands().values()) {
            String[] description = sub.getCommandSpec().usageMessage().description();
            assertThat(description).as(sub.getCommandName()).isNotEmpty();
            assertThat(description[0]).as("first description line of %s, shown in cloudsift --help", sub.getCommandName())
                    .endsWith(".");
        }
    }

    @Test
    void theCommandListDoesNotBreakASentenceAcrossEntries() {
        CliRun run = CliRun.of("--help");

        assertThat(run.exitCode()).isZero();
        List<String> entries = run.out().lines().dropWhile(line -> !line.equals("Commands:")).skip(1)
                .takeWhile(line -> !line.isBlank()).toList();
        StringBuilder joined = new StringBuilder();
        for (String line : entries) {
            joined.append(line.startsWith("    ") ? " " + line.strip() : "\n" + line.strip());
        }
        assertThat(joined.toString().strip().lines()).hasSize(commandLine().getSubcommands().size())
                .allSatisfy(entry -> assertThat(entry).endsWith("."));
    }

    @Test
    void aSubcommandRunAloneHasTheSameHelpAsInTheWholeCommand() {
        for (String name : commandLine().getSubcommands().keySet()) {
            StringWriter whole = new StringWriter();
            commandLine().getSubcommands().get(name).usage(new PrintWriter(whole), CommandLine.Help.Ansi.OFF);

            CliRun alone = CliRun.of(name, "--help");

            assertThat(alone.exitCode()).as(name).isZero();
            assertThat(alone.out()).as(name).isEqualTo(whole.toString());
        }
    }

    @Test
    void aMistypedSubcommandIsAUsageErrorNamingIt() {
        CliRun run = CliRun.of("ingset", "logs");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("'ingset'").contains("cloudsift --help");
    }

    @Test
    void versionNamesTheBuild() {
        CliRun run = CliRun.of("--version");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("cloudsift ");
    }

    private static CommandLine commandLine() {
        return Main.newCommandLine();
    }
}
