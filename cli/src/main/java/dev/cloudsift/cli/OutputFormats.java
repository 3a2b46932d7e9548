package dev.cloudsift.cli;

import dev.cloudsift.cli.output.OutputFormat;
import java.util.Locale;

/** Parses {@code --format} values with a usage error that lists the choices. */
final class OutputFormats {
    private OutputFormats() {}

    static OutputFormat parse(String value) {
        try {
            return OutputFormat.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException("unknown format '" + value + "'; choose table, csv, json or jsonl");
        }
    }
}
