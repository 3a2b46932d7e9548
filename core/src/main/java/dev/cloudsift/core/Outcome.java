package dev.cloudsift.core;

/** Whether the logged action succeeded, as far as the log says. */
public enum Outcome {
    SUCCESS, FAILURE, UNKNOWN;

    /** The lower-case value stored in the {@code events.outcome} column. */
    public String columnValue() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
