package dev.cloudsift.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ingest command on paths that are missing, unreadable, linked or special. */
class IngestInputCommandTest {
    @TempDir
    Path folder;

    static String trailRecords(int count) {
        List<String> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            records.add(("{\"eventVersion\":\"1.09\",\"eventTime\":\"2025-11-04T09:00:%02dZ\",\"eventSource\":\"iam.amazonaws.com\","
                    + "\"eventName\":\"ListUsers\",\"awsRegion\":\"us-east-1\",\"sourceIPAddress\":\"203.0.113.7\","
                    + "\"eventID\":\"id-%d-%s\",\"recipientAccountId\":\"111122223333\"}").formatted(i % 60, i, count));
        }
        return "{\"Records\":[" + String.join(",", records) + "]}";
    }

    @Test
    void aPathThatDoesNotExistIsAUsageErrorBeforeAnythingIsRead() {
        Path caseFile = folder.resolve("c.duckdb");

        CliRun run = CliRun.of("ingest", "--quiet", "--case", caseFile.toString(), folder.resolve("no/such/path").toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("no such file or folder: " + folder.resolve("no/such/path"));
        assertThat(run.out()).doesNotContain("Ingested");
        assertThat(caseFile).doesNotExist();
    }

    @Test
    void aSymlinkedFolderArgumentIsReadAndALinkLeadingOutsideIsListedAndFailsTheExitCode() throws Exception {
        Path real = Files.createDirectories(folder.resolve("real"));
        Files.writeString(real.resolve("trail.json"), trailRecords(3));
        Path link = Files.createSymbolicLink(folder.resolve("link"), real);
        Path outside = Files.createDirectories(folder.resolve("outside"));
        Files.writeString(outside.resolve("other.json"), trailRecords(4));
        Files.createSymbolicLink(real.resolve("away"), outside);

        CliRun run = CliRun.of("ingest", "--quiet", "--case", folder.resolve("c.duckdb").toString(), link.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.INCOMPLETE_INPUT);
        assertThat(run.out()).contains("3 stored").contains(link.resolve("away") + ": failed — could not be read: not read: "
                + "symbolic link leads outside " + real.toRealPath() + " to " + outside.toRealPath());
    }

    @Test
    void timingsPrintEachPhaseWithItsWallAndCpuSecondsOnStandardError() throws Exception {
        Path logs = Files.createDirectories(folder.resolve("logs"));
        Files.writeString(logs.resolve("trail.json"), trailRecords(3));

        CliRun run = CliRun.of("ingest", "--quiet", "--timings", "--case", folder.resolve("c").toString(), logs.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(run.err()).containsPattern("timings: start and reading +wall +[0-9.]+ s +cpu +[0-9.]+ s")
                .contains("timings: reading ", "timings: finding duplicates ", "timings: committing ", "timings: summing up ");
        assertThat(run.out()).doesNotContain("timings:");
    }

    @Test
    void devZeroIsRefusedAsACharacterDevice() {
        CliRun run = CliRun.of("ingest", "--quiet", "--case", folder.resolve("c.duckdb").toString(), "/dev/zero");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.INCOMPLETE_INPUT);
        assertThat(run.out()).contains("/dev/zero: failed — could not be read: refused: not a regular file but a character device");
    }

    @Test
    void anUnreadableSubfolderIsListedAndTheRestOfTheFolderIsRead() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")),
                "skipped: needs root to run the ingest as the unprivileged user nobody (root reads every folder)");
        Path work = Files.createTempDirectory("cloudsift-unprivileged");
        try {
            Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
            String classPath = copyClassPath(work.resolve("classpath"));
            Path logs = Files.createDirectories(work.resolve("logs"));
            Files.createDirectories(logs.resolve("a-open"));
            Files.writeString(logs.resolve("a-open/trail.json"), trailRecords(5));
            Path locked = Files.createDirectories(logs.resolve("b-locked"));
            Files.writeString(locked.resolve("trail.json"), trailRecords(6));
            Files.createDirectories(logs.resolve("c-open"));
            Files.writeString(logs.resolve("c-open/trail.json"), trailRecords(7));
            Path out = Files.createDirectories(work.resolve("out"));
            Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxrwxrwx"));
            try (Stream<Path> all = Files.walk(work)) {
                for (Path path : all.toList()) {
                    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(
                            Files.isDirectory(path) ? "rwxrwxrwx" : "rw-r--r--"));
                }
            }
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));

            Process ingest = new ProcessBuilder("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                    "--add-opens=java.base/java.nio=ALL-UNNAMED", "-Duser.home=" + out, "-cp", classPath,
                    "dev.cloudsift.cli.Main", "ingest", "--quiet", "--threads", "1", "--case", out.resolve("c.duckdb").toString(),
                    logs.toString())
                    .redirectErrorStream(true).redirectOutput(work.resolve("out.txt").toFile()).start();
            assertThat(ingest.waitFor(120, TimeUnit.SECONDS)).isTrue();
            String output = Files.readString(work.resolve("out.txt"), StandardCharsets.UTF_8);

            assertThat(ingest.exitValue()).as(output).isEqualTo(ExitCodes.INCOMPLETE_INPUT);
            assertThat(output).contains("12 stored")
                    .contains(locked + ": failed — could not be read: unreadable folder, not read: permission denied");
        } finally {
            try (Stream<Path> all = Files.walk(work)) {
                all.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    /** The test's class path, copied where an unprivileged user can read it (the build's may sit in root's home). */
    static String copyClassPath(Path target) throws IOException {
        List<String> entries = new ArrayList<>();
        for (String entry : classPathEntries()) {
            Path source = Path.of(entry);
            if (!Files.exists(source)) {
                continue;
            }
            Path copy = target.resolve(entries.size() + "-" + source.getFileName());
            if (Files.isDirectory(source)) {
                try (Stream<Path> tree = Files.walk(source)) {
                    for (Path path : tree.toList()) {
                        Path to = copy.resolve(source.relativize(path).toString());
                        if (Files.isDirectory(path)) {
                            Files.createDirectories(to);
                        } else {
                            Files.copy(path, to, StandardCopyOption.REPLACE_EXISTING);
                        }
                    }
                }
            } else {
                Files.createDirectories(target);
                Files.copy(source, copy, StandardCopyOption.REPLACE_EXISTING);
            }
            entries.add(copy.toString());
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    /** The class path entries, also when the runner hides them in a manifest-only jar. */
    static List<String> classPathEntries() throws IOException {
        List<String> entries = List.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator));
        if (entries.size() == 1 && entries.get(0).endsWith(".jar")) {
            try (JarFile jar = new JarFile(entries.get(0))) {
                String manifest = jar.getManifest() == null ? null
                        : jar.getManifest().getMainAttributes().getValue("Class-Path");
                if (manifest != null) {
                    List<String> listed = new ArrayList<>();
                    for (String url : manifest.trim().split("\\s+")) {
                        listed.add(Path.of(java.net.URI.create(url)).toString());
                    }
                    return listed;
                }
            }
        }
        return entries;
    }
}
