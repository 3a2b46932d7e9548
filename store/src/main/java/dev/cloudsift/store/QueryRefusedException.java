package dev.cloudsift.store;

/** A query that {@link ReadOnlyQuery} will not run, with the reason meant for the analyst. */
public final class QueryRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public QueryRefusedException(String message) {
        super(message);
    }
}
