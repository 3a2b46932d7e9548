package dev.cloudsift.cli;

/** A command line that parses but makes no sense (an unknown time zone, a missing case); exit code 2. */
public final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
