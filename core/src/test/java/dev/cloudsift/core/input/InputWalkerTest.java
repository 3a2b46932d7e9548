package dev.cloudsift.core.input;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputWalkerTest {
    @TempDir
    Path folder;

    private List<String> walk(Path caseFile, Path root) throws Exception {
        List<String> seen = new ArrayList<>();
        try (InputWalker walker = new InputWalker(caseFile)) {
            walker.walk(List.of(root), new InputWalker.Sink() {
                @Override
                public void unit(InputUnit unit) {
                    seen.add(folder.relativize(Path.of(unit.displayPath())).toString());
                    unit.release();
                }

                @Override
                public void problem(String displayPath, long size, String reason) {
                    seen.add(folder.relativize(Path.of(displayPath)) + ": " + reason);
                }
            });
        }
        return seen;
    }

    @Test
    void filesComeInTheOrderOfTheirWholePaths() throws Exception {
        for (String name : List.of("logs/a0.json", "logs/a/x.json", "logs/a.json", "logs/b/c/d.json", "logs/B.json")) {
            Files.createDirectories(folder.resolve(name).getParent());
            Files.writeString(folder.resolve(name), "{}");
        }

        assertThat(walk(null, folder.resolve("logs")))
                .containsExactly("logs/B.json", "logs/a.json", "logs/a/x.json", "logs/a0.json", "logs/b/c/d.json");
    }

    @Test
    void theCaseFolderBeingWrittenAndOtherCaseFoldersAreNotWalked() throws Exception {
        Path logs = Files.createDirectories(folder.resolve("logs"));
        // the case being written has no tables/ yet on its first ingest, only its catalogue, staging and evidence
        for (String name : List.of("case/catalogue.duckdb", "case/catalogue.duckdb.wal", "case/staging/1/x.parquet",
                "case/evidence/incoming/abc", "other-case/catalogue.duckdb", "other-case/tables/events/part-0.parquet",
                "keep.json", "case.bak/catalogue.duckdb")) {
            Files.createDirectories(logs.resolve(name).getParent());
            Files.writeString(logs.resolve(name), "{}");
        }

        assertThat(walk(logs.resolve("case"), logs)).containsExactly("logs/case.bak/catalogue.duckdb", "logs/keep.json");
    }
}
