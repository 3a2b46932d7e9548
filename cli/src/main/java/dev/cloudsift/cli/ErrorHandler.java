package dev.cloudsift.cli;

import dev.cloudsift.core.TerminalText;
import dev.cloudsift.store.CaseStoreException;
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
        } else if (e instanceof CaseStoreException || e instanceof SQLException) {
            message = firstLine(e.getMessage());
        } else if (e instanceof java.io.IOException || e instanceof java.io.UncheckedIOException) {
            message = "I/O error: " + firstLine(e.getMessage());
        } else {
            message = "unexpected " + e.getClass().getSimpleName() + ": " + firstLine(e.getMessage())
                    + " (this is a Cloudsift bug; set CLOUDSIFT_DEBUG=1 for the stack trace)";
        }
        commandLine.getErr().println("cloudsift " + commandLine.getCommandName() + ": " + TerminalText.clean(message, 2000));
        if (System.getenv("CLOUDSIFT_DEBUG") != null) {
            e.printStackTrace(commandLine.getErr());
        }
        commandLine.getErr().flush();
        return code;
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "(no message)";
        }
        return text.strip();
    }
}
