package dev.cloudsift.cli;

import dev.cloudsift.core.FormatRegistry;
import dev.cloudsift.store.CaseStore;
import dev.cloudsift.store.Compaction;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code cloudsift compact}: merges the Parquet parts of each date partition into one. */
@Command(name = "compact", mixinStandardHelpOptions = true,
        description = {"Merge the Parquet parts of each table's date partitions into one part each, sorted by time.",
                "Ingests do this on their own once a partition holds many parts; new parts are committed before old ones go."},
        footer = {"", "Example:", "  cloudsift compact --case acme-case"})
public final class CompactCommand implements Callable<Integer> {
    @Mixin
    CaseOption caseOption;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (!java.nio.file.Files.isDirectory(caseOption.file())) {
            throw new UsageException("no case at " + caseOption.file());
        }
        try (CaseStore store = CaseStore.open(caseOption.file(), FormatRegistry.load().formats())) {
            Compaction.Result result = new Compaction(store).run(1);
            out.println(result.partitions() == 0 ? "Nothing to compact: every partition holds one part."
                    : "Compacted " + result.partitions() + " partition(s): " + result.partsBefore() + " parts into "
                    + result.partsAfter() + ".");
        }
        return ExitCodes.OK;
    }
}
