package dev.cloudsift.store.evidence;

import java.util.Locale;

/** How an ingest keeps an input's original bytes. */
public enum EvidenceMode {
    /** A copy of the original (still compressed) bytes in the case's evidence folder. */
    COPY,
    /** Only the original's path, hash, size and time: for inputs too large to copy; {@code raw} then needs the file. */
    REFERENCE;

    /** The value stored in {@code ingest_files.evidence_mode}. */
    public String columnValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static EvidenceMode fromColumn(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
