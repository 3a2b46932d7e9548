package dev.cloudsift.store.ingest;

import dev.cloudsift.core.ReadItem;
import java.util.List;

/** What parsing threads hand the single writer thread, in order per file. */
sealed interface WriterMessage {
    /** A batch of items read from one file. */
    record Items(int fileId, String path, List<ReadItem> items) implements WriterMessage {}

    /** A file is finished; its counts are final but for duplicates. */
    record Finished(FileResult result) implements WriterMessage {}

    /** A parsing thread is done: no more messages from it. */
    record WorkerDone() implements WriterMessage {}
}
