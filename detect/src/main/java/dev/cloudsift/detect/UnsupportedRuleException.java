package dev.cloudsift.detect;

/** A well-formed rule Cloudsift cannot evaluate (for example a Windows logsource); the message says why. */
public final class UnsupportedRuleException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UnsupportedRuleException(String message) {
        super(message);
    }
}
