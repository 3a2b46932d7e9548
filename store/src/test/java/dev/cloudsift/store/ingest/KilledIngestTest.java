package dev.cloudsift.store.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudsift.core.FormatRegistry;
import dev.cloudsift.store.CaseStore;
import dev.cloudsift.store.PartLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An ingest killed with SIGKILL in a real child JVM leaves the case as its last commit left it. */
class KilledIngestTest {
    private static final FormatRegistry REGISTRY = FormatRegistry.load();

    @TempDir
    Path folder;

    /** Entry point of the child JVM: ingests {@code args[1..]} into the case {@code args[0]}. */
    public static void main(String[] args) throws Exception {
        List<Path> inputs = Stream.of(args).skip(1).map(Path::of).toList();
        try (CaseStore store = CaseStore.open(Path.of(args[0]), REGISTRY.formats())) {
            new Ingest(store, REGISTRY).run(IngestOptions.of(inputs), IngestListener.NONE);
        }
    }

    @Test
    void aKilledIngestLeavesTheCaseAsItWasAndTheNextOneStoresEverything() throws Exception {
        Path first = folder.resolve("first");
        TrailFiles.writeTrailFile(first, "AAAA", TrailFiles.records(25, 0));
        Path caseFolder = folder.resolve("case");
        try (CaseStore store = CaseStore.open(caseFolder, REGISTRY.formats())) {
            new Ingest(store, REGISTRY).run(IngestOptions.of(List.of(first)), IngestListener.NONE);
        }
        Path big = folder.resolve("big");
        for (int i = 0; i < 60; i++) {
            TrailFiles.writeTrailFile(big, "B" + i, TrailFiles.records(3000, 10_000 + i * 3000));
        }

        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-opens=java.base/java.nio=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                KilledIngestTest.class.getName(), caseFolder.toString(), big.toString())
                .redirectErrorStream(true).redirectOutput(folder.resolve("child.log").toFile()).start();
        // Kill it once it has staged parts: in the middle of writing, well before its commit.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (child.isAlive() && System.nanoTime() < deadline && !hasParquet(caseFolder.resolve(PartLayout.STAGING))) {
            Thread.sleep(20);
        }
        assertThat(child.isAlive()).as("the child was still ingesting when killed (see child.log)").isTrue();
        child.destroyForcibly().waitFor();
        assertThat(hasParquet(caseFolder.resolve(PartLayout.STAGING))).isTrue();

        try (CaseStore store = CaseStore.openReadOnly(caseFolder)) {
            assertThat(store.scalarLong("SELECT count(*) FROM events")).isEqualTo(25);
            assertThat(store.scalarLong("SELECT count(*) FROM ingests")).isEqualTo(1);
        }
        try (CaseStore store = CaseStore.open(caseFolder, REGISTRY.formats())) {
            assertThat(caseFolder.resolve(PartLayout.STAGING)).doesNotExist();
            IngestSummary summary = new Ingest(store, REGISTRY).run(IngestOptions.of(List.of(big)), IngestListener.NONE);
            assertThat(summary.stored()).isEqualTo(180_000);
            assertThat(store.scalarLong("SELECT count(*) FROM events")).isEqualTo(180_025);
        }
    }

    private static boolean hasParquet(Path root) throws Exception {
        if (!Files.isDirectory(root)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.anyMatch(f -> f.toString().endsWith(".parquet"));
        }
    }
}
