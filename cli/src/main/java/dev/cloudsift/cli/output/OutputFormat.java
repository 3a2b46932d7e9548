package dev.cloudsift.cli.output;

/** How tabular results are printed. */
public enum OutputFormat {
    TABLE, CSV, JSON, JSONL
}
