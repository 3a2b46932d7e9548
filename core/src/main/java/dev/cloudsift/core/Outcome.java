package dev.cloudsift.core;

/** Whether the logged action succeeded, as far as the log says. */
public enum Outcome {
    SUCCESS, FAILURE, UNKNOWN;

    /** Lower-cased once: every stored row asks, and lower-casing per row showed in ingest profiles. */
    private final String columnValue = name().toLowerCase(java.util.Locale.ROOT);

    /** The lower-case value stored in the {@code events.outcome} column. */
    public String columnValue() {
        return columnValue;
    }
}
