package dev.cloudsift.cli;

import java.util.List;
import java.util.TimeZone;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code cloudsift} command. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
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
        return newCommandLine(args).execute(args);
    }

    /** Runs a command line with its output and errors going to the given writers (tests call this). */
    public static int run(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
        CommandLine commandLine = newCommandLine(args);
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

    /** The whole command line, every subcommand registered (help, completion and man pages list them all). */
    public static CommandLine newCommandLine() {
        return newCommandLine(CloudsiftCommand.SUBCOMMANDS);
    }

    /**
     * The command line to run {@code args}: when they name a subcommand first, only that one is registered, and for
     * a bare {@code --version} none; anything else (help, a mistyped name) gets them all, so picocli's messages and
     * suggestions are those of the whole command.
     */
    static CommandLine newCommandLine(String... args) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            return newCommandLine(List.of());
        }
        if (args.length > 0) {
            for (Class<?> subcommand : CloudsiftCommand.SUBCOMMANDS) {
                Command command = subcommand.getAnnotation(Command.class);
                if (command.name().equals(args[0]) || List.of(command.aliases()).contains(args[0])) {
                    return newCommandLine(List.of(subcommand));
                }
            }
        }
        return newCommandLine(CloudsiftCommand.SUBCOMMANDS);
    }

    private static CommandLine newCommandLine(List<Class<?>> subcommands) {
        CommandLine commandLine = new CommandLine(new CloudsiftCommand());
        for (Class<?> subcommand : subcommands) {
            commandLine.addSubcommand(subcommand);
        }
        // descriptions are paragraphs that picocli wraps; on a terminal, to its width
        commandLine.setUsageHelpAutoWidth(true);
        commandLine.setExecutionExceptionHandler(new ErrorHandler());
        commandLine.setParameterExceptionHandler(new UsageErrorHandler());
        return commandLine;
    }
}
