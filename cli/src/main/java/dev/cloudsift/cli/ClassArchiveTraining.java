package dev.cloudsift.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the common commands once, in one JVM, over some logs (the example incident), so that the class-data archive
 * the JVM writes at its exit ({@code -XX:ArchiveClassesAtExit}) holds the classes they load: the launchers start
 * later commands from that archive instead of reading and verifying those classes out of the jar each time.
 * Usage: {@code java --add-opens=java.base/java.nio=ALL-UNNAMED -XX:ArchiveClassesAtExit=FILE -cp cloudsift.jar
 * dev.cloudsift.cli.ClassArchiveTraining LOGS WORK-FOLDER}; what the commands print is discarded and their failures
 * are ignored, as the archive is only an optimisation.
 */
public final class ClassArchiveTraining {
    private ClassArchiveTraining() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: ClassArchiveTraining LOGS WORK-FOLDER");
            System.exit(ExitCodes.USAGE);
        }
        // Main.main loads it before any command; the commands run here through Main.run
        OutOfMemory.MESSAGE.length();
        PrintStream discard = new PrintStream(OutputStream.nullOutputStream());
        System.setOut(discard);
        System.setErr(discard);
        run(Path.of(args[0]), Path.of(args[1]), new PrintWriter(discard));
        System.exit(0);
    }

    /** Runs the commands over {@code logs} with a case under {@code work}; returns those that failed or were refused. */
    static List<String> run(Path logs, Path work, PrintWriter output) throws IOException {
        Files.createDirectories(work);
        String caseFolder = work.resolve("case").toString();
        List<List<String>> commands = List.of(
                List.of("--version"),
                List.of("investigate", logs.toString(), "--case", caseFolder, "-o", work.resolve("report.html").toString()),
                List.of("ingest", "--case", caseFolder, logs.toString()),
                List.of("query", "--case", caseFolder, "SELECT source, count(*) FROM events GROUP BY source"),
                List.of("hunt", "--case", caseFolder),
                List.of("timeline", "--case", caseFolder),
                List.of("suspects", "--case", caseFolder),
                List.of("gaps", "--case", caseFolder),
                List.of("info", "--case", caseFolder));
        List<String> failed = new ArrayList<>();
        for (List<String> command : commands) {
            int code;
            try {
                code = Main.run(output, output, command.toArray(String[]::new));
            } catch (RuntimeException | Error e) {
                // one command failing leaves the others to record their classes
                code = ExitCodes.ERROR;
            }
            // 3 (some input quarantined) and 4 (findings) are runs that completed
            if (code == ExitCodes.ERROR || code == ExitCodes.USAGE) {
                failed.add(String.join(" ", command) + " (exit " + code + ")");
            }
        }
        return failed;
    }
}
