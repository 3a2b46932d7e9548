package dev.cloudsift.store.ingest;

/**
 * The row ids of a case, the local and the Spark ingest alike: the file id in the high half, the record's index in
 * its file in the low half. The same inputs get the same ids however the parsing threads or executors raced, ids
 * order a file's records as they came, and file ids growing across ingests keep later ingests' ids above earlier ones.
 */
public final class RowIds {
    private RowIds() {}

    /** The row id of file {@code fileId}'s {@code index}-th record. */
    public static long of(int fileId, long index) {
        if (index < 0 || index > 0xFFFF_FFFFL) {
            throw new IllegalStateException("file #" + fileId + " has more than 2^32 records");
        }
        return ((long) fileId << 32) | index;
    }
}
