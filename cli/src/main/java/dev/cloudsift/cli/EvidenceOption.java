package dev.cloudsift.cli;

import dev.cloudsift.store.evidence.EvidenceMode;
import picocli.CommandLine.Option;

/** The {@code --evidence copy|reference} option of the commands that ingest. */
public final class EvidenceOption {
    enum Choice { copy, reference }

    @Option(names = "--evidence", paramLabel = "MODE", defaultValue = "copy",
            description = {"copy (default): keep each input's original bytes in the case's evidence folder;",
                    "reference: keep only path, size and SHA-256 (for inputs too large to copy); raw then needs the file."})
    Choice choice;

    EvidenceMode mode() {
        return choice == Choice.reference ? EvidenceMode.REFERENCE : EvidenceMode.COPY;
    }
}
