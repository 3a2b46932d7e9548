package dev.cloudsift.cli.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShellFilesTest {
    @TempDir
    Path share;

    @Test
    void bashCompletionIsValidShellThatCompletesEverySubcommand() throws Exception {
        ShellFiles.write(share, "9.9.9");
        Path bash = share.resolve("bash-completion/completions/cloudsift");
        assertThat(Files.readString(bash)).contains("complete -F").contains("investigate").contains("formats");
        Process check = new ProcessBuilder("bash", "-n", bash.toString()).redirectErrorStream(true).start();
        String output = new String(check.getInputStream().readAllBytes());
        assertThat(check.waitFor()).as(output).isZero();
    }

    @Test
    void zshCompletionIsAnAutoloadableFunctionWithOptionsAndFileArguments() throws IOException {
        ShellFiles.write(share, "9.9.9");
        String zsh = Files.readString(share.resolve("zsh/site-functions/_cloudsift"));
        assertThat(zsh).startsWith("#compdef cloudsift\n")
                .contains("_cloudsift_investigate() {")
                .contains("'(-c --case)--case[")
                .contains("'*:PATH:_files'")
                .endsWith("_cloudsift \"$@\"\n");
    }

    @Test
    void zshCompletionParsesInZsh() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/zsh")), "zsh is not installed: syntax not checked");
        ShellFiles.write(share, "9.9.9");
        Process check = new ProcessBuilder("/usr/bin/zsh", "-n", share.resolve("zsh/site-functions/_cloudsift").toString())
                .redirectErrorStream(true).start();
        String output = new String(check.getInputStream().readAllBytes());
        assertThat(check.waitFor()).as(output).isZero();
    }

    @Test
    void everyCommandHasAManPageNamingItsOptions() throws IOException {
        ShellFiles.write(share, "9.9.9");
        Path man = share.resolve("man/man1");
        try (Stream<Path> pages = Files.list(man)) {
            assertThat(pages.map(page -> page.getFileName().toString()))
                    .contains("cloudsift.1", "cloudsift-investigate.1", "cloudsift-ingest.1", "cloudsift-formats.1");
        }
        String ingest = Files.readString(man.resolve("cloudsift-ingest.1"));
        assertThat(ingest).startsWith(".\\\"").contains(".TH CLOUDSIFT\\-INGEST 1 \"\" \"cloudsift 9.9.9\"")
                .contains(".SH OPTIONS").contains("\\fB\\-\\-case\\fR");
    }

    @Test
    void roffEscapingKeepsTextFromBecomingRequests() {
        assertThat(ManPages.escape(".SH x\n'bad\\ -n")).isEqualTo("\\&.SH x\n\\&'bad\\e \\-n");
    }

    @Test
    void zshQuotingSurvivesASingleQuote() {
        assertThat(ZshCompletion.quote("it's")).isEqualTo("'it'\\''s'");
    }
}
