package dev.cloudsift.store.ingest;

/** What parsing threads hand the thread that runs the ingest's statements. */
sealed interface WriterMessage {
    /** Rows a parsing thread gathered, sorted and ready to write (a part, dedupe keys, quarantined problems). */
    record Write(TableBatch.Insert insert) implements WriterMessage {}

    /** A file is finished; its counts are final but for duplicates. */
    record Finished(FileResult result) implements WriterMessage {}

    /** A parsing thread is done: no more messages from it. */
    record WorkerDone() implements WriterMessage {}
}
