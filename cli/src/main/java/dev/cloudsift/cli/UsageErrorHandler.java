package dev.cloudsift.cli;

import dev.cloudsift.core.TerminalText;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;

/** Wrong command lines: the error, the command's usage, exit code 2. */
final class UsageErrorHandler implements IParameterExceptionHandler {
    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine commandLine = e.getCommandLine();
        commandLine.getErr().println("cloudsift: " + TerminalText.clean(e.getMessage(), 2000));
        commandLine.getErr().println("Run '" + commandLine.getCommandSpec().qualifiedName() + " --help' for usage.");
        commandLine.getErr().flush();
        return ExitCodes.USAGE;
    }
}
