package dev.cloudsift.store.ingest;

import java.util.Locale;

/** What became of one input file; the ledger stores {@link #columnValue()}. */
public enum FileStatus {
    /** Every record read was stored or was a duplicate. */
    OK,
    /** Read, but some records (or the end of the file) were quarantined. */
    PARTIAL,
    /** Nothing but deliberately skipped content (e.g. a write-test marker). */
    SKIPPED,
    /** Zero bytes, or nothing after decompression. */
    EMPTY,
    /** No format recognises the content. */
    UNRECOGNISED,
    /** The same bytes were ingested before (this ingest or an earlier one). */
    ALREADY_INGESTED,
    /** The file could not be read at all (unreadable, broken archive). */
    FAILED;

    public String columnValue() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
