package dev.cloudsift.store;

/** A case file that cannot be used, with a message meant for the analyst. */
public final class CaseStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CaseStoreException(String message) {
        super(message);
    }

    public CaseStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
