package dev.cloudsift.cli;

import java.sql.Connection;
import java.sql.DriverManager;

/**
 * Runs the command line under a file size limit, the way a full disk looks to a writer (EFBIG instead of ENOSPC).
 * DuckDB unpacks its native library to a temporary file first, so the limit is set after it loaded, on this process.
 */
final class FileSizeLimitedMain {
    private FileSizeLimitedMain() {}

    public static void main(String[] args) throws Exception {
        try (Connection warmUp = DriverManager.getConnection("jdbc:duckdb:")) {
            warmUp.isValid(1);
        }
        long pid = ProcessHandle.current().pid();
        Process limit = new ProcessBuilder("prlimit", "--pid", Long.toString(pid), "--fsize=" + args[0] + ":" + args[0])
                .inheritIO().start();
        if (limit.waitFor() != 0) {
            throw new IllegalStateException("prlimit failed");
        }
        String[] rest = new String[args.length - 1];
        System.arraycopy(args, 1, rest, 0, rest.length);
        System.exit(Main.run(rest));
    }
}
