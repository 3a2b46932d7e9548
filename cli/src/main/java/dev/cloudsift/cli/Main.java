package dev.cloudsift.cli;

import java.util.TimeZone;
import picocli.CommandLine;

/** Entry point of the {@code cloudsift} command. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        // loads the message and its bytes now, while there is memory
        // loads the message and its bytes now, while there is memory to do it
        OutOfMemory.MESSAGE.length();
        // An error in another thread (the progress bar, a reader) ends the run with one line, not a stack trace.
        Thread.setDefaultUncaughtExceptionHandler((thread, error) -> {
            if (error instanceof OutOfMemoryError) {
                OutOfMemory.print();
                Runtime.getRuntime().halt(ExitCodes.ERROR);
            }
            System.err.println(OutOfMemory.message(error));
            if (System.getenv("CLOUDSIFT_DEBUG") != null) {
                error.printStackTrace();
            }
            System.err.flush();
        });
        int code;
        try {
            code = run(args);
        } catch (OutOfMemoryError e) {
            OutOfMemory.print();
            code = ExitCodes.ERROR;
        }
        System.exit(code);
    }

    /** Runs a command line and returns its exit code (tests call this). */
    public static int run(String... args) {
        // Every time Cloudsift stores or prints is UTC unless a command is told otherwise.
        TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
        return newCommandLine().execute(args);
    }

    /** Runs a command line with its output and errors going to the given writers (tests call this). */
    public static int run(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
        CommandLine commandLine = newCommandLine();
        commandLine.setOut(out);
        commandLine.setErr(err);
        int code;
        try {
            code = commandLine.execute(args);
        } catch (OutOfMemoryError e) {
            err.println(OutOfMemory.MESSAGE);
            code = ExitCodes.ERROR;
        }
        out.flush();
        err.flush();
        return code;
    }

    public static CommandLine newCommandLine() {
        CommandLine commandLine = new CommandLine(new CloudsiftCommand());
        // descriptions are paragraphs that picocli wraps; on a terminal, to its width
        commandLine.setUsageHelpAutoWidth(true);
        commandLine.setExecutionExceptionHandler(new ErrorHandler());
        commandLine.setParameterExceptionHandler(new UsageErrorHandler());
        return commandLine;
    }
}
