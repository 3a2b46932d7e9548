package dev.cloudsift.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An ingest that runs out of space says so and leaves the case as it was. */
class FullDiskIngestTest {
    @TempDir
    Path folder;

    private CliRun runLimited(long limitBytes, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "--add-opens=java.base/java.nio=ALL-UNNAMED", "-cp",
                String.join(java.io.File.pathSeparator, IngestInputCommandTest.classPathEntries()),
                FileSizeLimitedMain.class.getName(), Long.toString(limitBytes)));
        command.addAll(List.of(args));
        Path out = folder.resolve("out.txt");
        Path err = folder.resolve("err.txt");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(180, TimeUnit.SECONDS)).isTrue();
        return new CliRun(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private static byte[] randomBytes(java.util.Random random, int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }

    @Test
    void anIngestThatFillsTheDiskSaysSoAndLeavesTheCaseUnchanged() throws Exception {
        Path logs = Files.createDirectories(folder.resolve("logs"));
        Files.writeString(logs.resolve("small.json"), IngestInputCommandTest.trailRecords(3));
        Path caseFile = folder.resolve("case");
        assertThat(CliRun.of("ingest", "--quiet", "--case", caseFile.toString(), logs.toString()).exitCode()).isZero();
        Path big = Files.createDirectories(folder.resolve("big"));
        java.util.Random random = new java.util.Random(7);
        long largestInput = 0;
        for (int i = 0; i < 20; i++) {
            // user agents of random hex, so the Parquet part of all these records is several times any one input
            String records = IngestInputCommandTest.trailRecords(2000).replace("\"eventID\":\"id-", "\"eventID\":\"f" + i + "-");
            StringBuilder varied = new StringBuilder();
            for (String part : records.split("\"awsRegion\"", -1)) {
                if (varied.length() > 0) {
                    varied.append("\"userAgent\":\"").append(java.util.HexFormat.of().formatHex(randomBytes(random, 100)))
                            .append("\",\"awsRegion\"");
                }
                varied.append(part);
            }
            Path file = Files.writeString(big.resolve("trail-" + i + ".json"), varied);
            largestInput = Math.max(largestInput, Files.size(file));
        }

        // Every input fits (its evidence copy is written), the Parquet part of them all does not.
        CliRun run = runLimited(largestInput + (64 << 10), "ingest", "--quiet", "--case", caseFile.toString(),
                big.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.ERROR);
        assertThat(run.err()).contains("the disk is full").contains("the case is unchanged").doesNotContain("no transaction is active");
        CliRun count = CliRun.of("query", "--case", caseFile.toString(), "--format", "csv", "SELECT count(*) FROM events");
        assertThat(count.out()).as(count.err()).isEqualTo("count_star()\n3\n");
    }
}
