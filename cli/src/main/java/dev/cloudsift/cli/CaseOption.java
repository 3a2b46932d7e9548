package dev.cloudsift.cli;

import dev.cloudsift.store.CaseStore;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --case FILE} option every command shares. */
public final class CaseOption {
    @Option(names = {"-c", "--case"}, paramLabel = "FILE",
            description = "Case file (DuckDB). Default: ${DEFAULT-VALUE} in the working directory.",
            defaultValue = CaseStore.DEFAULT_FILE)
    Path file;

    public Path file() {
        return file;
    }
}
