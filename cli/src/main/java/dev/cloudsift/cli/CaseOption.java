package dev.cloudsift.cli;

import dev.cloudsift.store.CaseStore;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --case DIR} option every command shares. */
public final class CaseOption {
    @Option(names = {"-c", "--case"}, paramLabel = "DIR",
            description = "Case folder (catalogue.duckdb and Parquet tables). Default: ${DEFAULT-VALUE} in the working directory.",
            defaultValue = CaseStore.DEFAULT_FOLDER)
    Path file;

    /** The case folder. */
    public Path file() {
        return file;
    }
}
