package dev.cloudsift.cli;

import dev.cloudsift.core.TerminalText;
import dev.cloudsift.store.CaseStore;
import dev.cloudsift.store.evidence.EvidenceCheck;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code cloudsift verify}: re-hash the case's evidence against its catalogue. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Re-hash every evidence file of the case (copies in its evidence folder, originals kept by "
                + "reference) and every table part recorded with a hash, against the SHA-256 the case recorded."},
        footer = {"", "Example:", "  cloudsift verify --case acme.duckdb",
                "", "Exit codes: 0 everything matches, 1 something is missing or changed (listed)."})
public final class VerifyCommand implements Callable<Integer> {
    @Mixin
    CaseOption caseOption;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        EvidenceCheck.Result result;
        try (CaseStore store = CaseStore.openReadOnly(caseOption.file())) {
            result = new EvidenceCheck(store).run();
        }
        out.println("Checked " + result.copies() + " evidence file(s), " + result.references() + " referenced original(s), "
                + result.parts() + " table part(s): " + result.bytes() + " bytes hashed.");
        if (result.clean()) {
            out.println("Everything matches the SHA-256 the case recorded.");
            out.flush();
            return ExitCodes.OK;
        }
        out.println(result.problems().size() + " problem(s):");
        for (EvidenceCheck.Problem problem : result.problems()) {
            out.println("  " + TerminalText.clean(problem.file(), 1000) + ": " + TerminalText.clean(problem.reason(), 1000));
        }
        out.flush();
        return ExitCodes.ERROR;
    }
}
