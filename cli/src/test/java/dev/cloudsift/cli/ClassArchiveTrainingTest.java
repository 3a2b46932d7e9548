package dev.cloudsift.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassArchiveTrainingTest {
    @TempDir
    Path work;

    @Test
    void everyTrainingCommandCompletesOverTheExampleIncident() throws Exception {
        Path example = Path.of(System.getProperty("cloudsift.root", "../"), "examples", "acme-incident");
        StringWriter output = new StringWriter();

        var failed = ClassArchiveTraining.run(example, work, new PrintWriter(output));

        assertThat(failed).as(output.toString()).isEmpty();
        assertThat(work.resolve("report.html")).isNotEmptyFile();
        assertThat(Files.list(work.resolve("case").resolve("tables"))).isNotEmpty();
    }
}
