package dev.cloudsift.store.ingest;

import dev.cloudsift.core.Nullable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** What an ingest did, per file and per source. */
public record IngestSummary(int ingestId, List<FileResult> files, List<SourceTotals> sources, Duration elapsed,
                            long rawBytes, long contentBytes, List<String> warnings) {

    /** Totals of one source (or of files no source claimed, under the status name). */
    public record SourceTotals(String source, long files, long read, long stored, long duplicates, long quarantined,
                               long skipped, @Nullable Instant firstEvent, @Nullable Instant lastEvent,
                               List<String> accounts, List<String> regions) {}

    public long read() {
        return files.stream().mapToLong(FileResult::read).sum();
    }

    public long stored() {
        return files.stream().mapToLong(FileResult::stored).sum();
    }

    public long duplicates() {
        return files.stream().mapToLong(FileResult::duplicates).sum();
    }

    public long quarantined() {
        return files.stream().mapToLong(FileResult::quarantined).sum();
    }

    public long skipped() {
        return files.stream().mapToLong(FileResult::skipped).sum();
    }

    /** Files that were not fully read into the case: unrecognised, failed, empty, partial, already ingested. */
    public List<FileResult> filesWithRemarks() {
        return files.stream().filter(f -> f.status() != FileStatus.OK || f.stored() == 0).toList();
    }
}
