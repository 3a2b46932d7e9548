package dev.cloudsift.cli;

import dev.cloudsift.core.FormatRegistry;
import dev.cloudsift.core.LogFormat;
import dev.cloudsift.core.TableSchema;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code cloudsift formats}: the inputs this build reads. */
@Command(name = "formats", mixinStandardHelpOptions = true,
        description = "List the log formats this build recognises, with the tables they fill.",
        footer = {"", "Example:", "  cloudsift formats"})
public final class FormatsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"format", "tables", "description"});
        for (LogFormat format : FormatRegistry.load().formats()) {
            rows.add(new String[] {format.name(),
                    format.tables().stream().map(TableSchema::name).collect(Collectors.joining(",")), format.description()});
        }
        IngestReport.printAligned(rows, out);
        out.flush();
        return ExitCodes.OK;
    }
}
