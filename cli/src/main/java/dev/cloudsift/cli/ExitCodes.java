package dev.cloudsift.cli;

/** The exit codes every command uses; documented in the README. */
public final class ExitCodes {
    /** Everything was read and done. */
    public static final int OK = 0;
    /** The command failed (unreadable case, SQL error, I/O error). */
    public static final int ERROR = 1;
    /** The command line was wrong. */
    public static final int USAGE = 2;
    /** The ingest completed but some input was quarantined, unrecognised or unreadable. */
    public static final int INCOMPLETE_INPUT = 3;
    /** Findings at or above the level given with {@code --fail-on}. */
    public static final int FINDINGS = 4;

    private ExitCodes() {}
}
