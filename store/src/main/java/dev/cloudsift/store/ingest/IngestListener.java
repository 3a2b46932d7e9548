package dev.cloudsift.store.ingest;

/** Follows an ingest as it goes (progress bars); every method may be called from any thread. */
public interface IngestListener {
    IngestListener NONE = new IngestListener() {};

    /** More input was found: {@code files} files of {@code bytes} raw bytes. */
    default void discovered(long files, long bytes) {}

    /** A file was finished (before dedupe) with the raw bytes it had. */
    default void fileFinished(FileResult result) {}

    /** Records were written. */
    default void recordsWritten(long count) {}

    /** A phase after reading started (dedupe, enrichment), named for people. */
    default void phase(String description) {}
}
