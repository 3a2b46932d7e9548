package dev.cloudsift.detect;

/** A rule that cannot be loaded or evaluated; the message names what was expected. */
public final class RuleException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RuleException(String message) {
        super(message);
    }
}
