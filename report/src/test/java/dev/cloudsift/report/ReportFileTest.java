package dev.cloudsift.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportFileTest {
    @TempDir
    Path folder;

    @Test
    void aFailureHalfwayKeepsTheEarlierReportAndLeavesNoTemporaryFile() throws Exception {
        Path report = folder.resolve("report.html");
        Files.writeString(report, "earlier report");

        assertThatThrownBy(() -> ReportFile.write(report, writer -> {
            writer.write("<!DOCTYPE html><html>" + "x".repeat(100_000));
            throw new IllegalStateException("query failed halfway");
        })).hasMessage("query failed halfway");

        assertThat(report).hasContent("earlier report");
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files).containsExactly(report);
        }
    }

    @Test
    void aFailureBeforeAnyReportLeavesNoFile() {
        Path report = folder.resolve("new.html");

        assertThatThrownBy(() -> ReportFile.write(report, writer -> {
            throw new java.sql.SQLException("no such table");
        })).isInstanceOf(java.sql.SQLException.class);

        assertThat(report).doesNotExist();
    }

    @Test
    void aCompleteReportReplacesTheEarlierOne() throws Exception {
        Path report = folder.resolve("report.html");
        Files.writeString(report, "earlier report");

        ReportFile.write(report, writer -> writer.write("new report"));

        assertThat(report).hasContent("new report");
    }
}
