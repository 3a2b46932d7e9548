package dev.cloudsift.store.evidence;

import java.io.IOException;

/** Original bytes that cannot be served: missing, changed, or never kept. The message says which, for people. */
public final class EvidenceException extends IOException {
    public EvidenceException(String message) {
        super(message);
    }
}
