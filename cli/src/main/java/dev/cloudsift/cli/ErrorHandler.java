package dev.cloudsift.cli;

import dev.cloudsift.core.TerminalText;
import dev.cloudsift.store.CaseStoreException;
import dev.cloudsift.store.QueryRefusedException;
import java.sql.SQLException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/** Turns failures into one clear line on stderr and an exit code; never a stack trace. */
final class ErrorHandler implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, ParseResult parseResult) {
        String message;
        int code = ExitCodes.ERROR;
        if (e instanceof UsageException usage) {
            message = usage.getMessage();
            code = ExitCodes.USAGE;
        } else if (e instanceof QueryRefusedException refused) {
            message = "refused: " + refused.getMessage();
            code = ExitCodes.USAGE;
        } else if (e instanceof CaseStoreException || e instanceof SQLException) {
            message = firstLine(e.getMessage());
        } else if (e instanceof java.io.IOException || e instanceof java.io.UncheckedIOException) {
            message = "I/O error: " + firstLine(e.getMessage());
        } else {
            message = "unexpected " + e.getClass().getSimpleName() + ": " + firstLine(e.getMessage())
                    + " (this is a Cloudsift bug; set CLOUDSIFT_DEBUG=1 for the stack trace)";
        }
        commandLine.getErr().println("cloudsift " + commandLine.getCommandName() + ": " + printable(message));
        if (System.getenv("CLOUDSIFT_DEBUG") != null) {
            e.printStackTrace(commandLine.getErr());
        }
        commandLine.getErr().flush();
        return code;
    }

    /**
     * The message with its own line breaks kept (DuckDB's errors point at the query on a second line) and every
     * other control character escaped, bounded in lines and length.
     */
    static String printable(String message) {
        if (message == null || message.isBlank()) {
            return "(no message)";
        }
        StringBuilder out = new StringBuilder();
        java.util.List<String> lines = message.lines().limit(20).toList();
        for (String line : lines) {
            if (!out.isEmpty()) {
                out.append('\n').append("  ");
            }
            out.append(TerminalText.clean(line.stripTrailing(), 2000));
        }
        return out.toString();
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "(no message)";
        }
        return text.strip();
    }
}
