package dev.cloudsift.store.ingest;

import dev.cloudsift.core.Event;
import dev.cloudsift.core.FormatRegistry;
import dev.cloudsift.core.LogFormat;
import dev.cloudsift.core.LogRecord;
import dev.cloudsift.core.ParseProblem;
import dev.cloudsift.core.PathHints;
import dev.cloudsift.core.ReadItem;
import dev.cloudsift.core.Sample;
import dev.cloudsift.core.Skipped;
import dev.cloudsift.core.input.InputUnit;
import dev.cloudsift.store.evidence.EvidenceKeeper;
import dev.cloudsift.store.evidence.EvidenceRef;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads one input file on a parsing thread: hash, sniff, read, and write each record and problem with the thread's
 * {@link RowWriter}; the file's ledger line goes to the ingest's thread.
 */
final class FileProcessor {
    /** Records between two updates of the shared progress count. */
    private static final int PROGRESS_STEP = 1024;

    private final FormatRegistry registry;
    private final Map<String, String> formatOptions;
    private final SameBytes sameBytes;
    private final BlockingQueue<WriterMessage> out;
    private final EvidenceKeeper evidence;
    private final AtomicLong written;

    /** @param written counts the records and problems written, for progress */
    FileProcessor(FormatRegistry registry, Map<String, String> formatOptions, SameBytes sameBytes,
                  BlockingQueue<WriterMessage> out, EvidenceKeeper evidence, AtomicLong written) {
        this.evidence = evidence;
        this.written = written;
        this.registry = registry;
        this.formatOptions = formatOptions;
        this.sameBytes = sameBytes;
        this.out = out;
    }

    /** Everything about one file as it is read. */
    private static final class Tally {
        final int fileId;
        final String path;
        final long size;
        final PathHints hints;
        String sha256;
        EvidenceRef evidence;
        String contentSha256;
        long contentBytes;
        String compression;
        LogFormat format;
        String error;
        long records;
        /** Records dropped as later copies of a key earlier in the file (see {@link EarlierKeys}). */
        long duplicates;
        long quarantined;
        long skipped;
        final Map<String, Long> skippedReasons = new TreeMap<>();
        Instant minTime;
        Instant maxTime;

        Tally(int fileId, String path, long size) {
            this.fileId = fileId;
            this.path = path;
            this.size = size;
            this.hints = PathHints.fromPath(path);
        }

        FileResult result(FileStatus status, Integer sameAs) {
            String source = format == null ? null : format.tables().isEmpty() ? null : format.tables().get(0).name();
            return new FileResult(fileId, path, size, sha256, contentSha256, contentBytes, compression,
                    format == null ? null : format.name(), source, status, error, records + quarantined, records - duplicates,
                    duplicates, quarantined, skipped, skippedReasons, minTime, maxTime, hints, sameAs, evidence);
        }
    }

    /**
     * Reads one file, writing its records with {@code writer}; a failure of the writer's ends the file with
     * {@link UnitReading.ItemsFailed}.
     */
    void process(InputUnit unit, int fileId, RowWriter writer) throws InterruptedException {
        Tally tally = new Tally(fileId, unit.displayPath(), unit.size());
        try {
            FileResult result = read(unit, tally, writer);
            if (unit.damage() != null) {
                result = result.withDamage(unit.damage());
            }
            out.put(new WriterMessage.Finished(result));
        } finally {
            unit.release();
        }
    }

    private FileResult read(InputUnit unit, Tally tally, RowWriter writer) throws InterruptedException {
        try {
            // The one pass that hashes the file also keeps its original bytes as evidence.
            EvidenceKeeper.Kept kept = evidence.keep(unit);
            tally.sha256 = kept.sha256();
            tally.evidence = kept.evidence();
        } catch (IOException e) {
            tally.error = "cannot read: " + e.getMessage();
            return tally.result(FileStatus.FAILED, null);
        }
        Integer earlier = sameBytes.claim(tally.sha256, tally.path, tally.fileId);
        if (earlier != null) {
            return tally.result(FileStatus.ALREADY_INGESTED, earlier);
        }
        if (unit.size() == 0) {
            return tally.result(FileStatus.EMPTY, null);
        }
        Sample sample;
        try {
            UnitReading.Sampled sampled = UnitReading.sample(unit, unit.displayPath());
            sample = sampled.sample();
            tally.compression = sampled.compression();
        } catch (IOException e) {
            tally.error = "cannot decompress: " + e.getMessage();
            return tally.result(FileStatus.FAILED, null);
        }
        if (sample.head().length == 0) {
            return tally.result(FileStatus.EMPTY, null);
        }
        LogFormat format = registry.sniff(sample).orElse(null);
        if (format == null) {
            tally.error = "no format recognises it; it starts with " + Printable.quote(sample.head(), 60);
            return tally.result(FileStatus.UNRECOGNISED, null);
        }
        tally.format = format;
        readRecords(unit, tally, sample.hints(), writer);
        if (tally.records == 0 && tally.quarantined == 0 && tally.skipped > 0) {
            return tally.result(FileStatus.SKIPPED, null);
        }
        return tally.result(tally.quarantined > 0 ? FileStatus.PARTIAL : FileStatus.OK, null);
    }

    private void readRecords(InputUnit unit, Tally tally, PathHints hints, RowWriter writer) throws InterruptedException {
        Writing writing = new Writing(tally, writer);
        UnitReading.Pass pass = UnitReading.read(unit, unit.displayPath(), tally.format, hints, formatOptions, writing);
        tally.contentBytes = pass.contentBytes();
        tally.contentSha256 = pass.contentSha256();
        if (pass.error() != null) {
            tally.error = pass.error();
        }
        writing.reportProgress();
    }

    /**
     * Counts each item a file yields and writes records and problems. A record's row id is its index among the
     * file's records under the file's id, so it does not depend on which thread read the file or when.
     */
    private final class Writing implements UnitReading.Items {
        private final Tally tally;
        private final RowWriter writer;
        private final EarlierKeys earlierKeys = new EarlierKeys();
        private int unreported;

        Writing(Tally tally, RowWriter writer) {
            this.tally = tally;
            this.writer = writer;
        }

        @Override
        public void accept(ReadItem item) {
            count(tally, item);
            try {
                if (item instanceof LogRecord record) {
                    // A dropped copy's index stays unused: the row ids of the records after it do not move.
                    long rowId = RowIds.of(tally.fileId, tally.records - 1);
                    if (earlierKeys.seen(record.dedupeKey())) {
                        tally.duplicates++;
                    } else {
                        writer.write(record, rowId, tally.fileId);
                    }
                } else if (item instanceof ParseProblem problem) {
                    writer.quarantine(problem, tally.fileId, tally.path);
                } else {
                    return;
                }
            } catch (SQLException | RuntimeException e) {
                throw new UnitReading.ItemsFailed(e);
            }
            if (++unreported == PROGRESS_STEP) {
                reportProgress();
            }
        }

        void reportProgress() {
            written.addAndGet(unreported);
            unreported = 0;
        }
    }

    private static void count(Tally tally, ReadItem item) {
        if (item instanceof LogRecord record) {
            tally.records++;
            Event event = record.event();
            Instant time = event == null ? null : event.eventTime();
            if (time != null) {
                if (tally.minTime == null || time.isBefore(tally.minTime)) {
                    tally.minTime = time;
                }
                if (tally.maxTime == null || time.isAfter(tally.maxTime)) {
                    tally.maxTime = time;
                }
            }
        } else if (item instanceof ParseProblem) {
            tally.quarantined++;
        } else if (item instanceof Skipped skipped) {
            tally.skipped++;
            tally.skippedReasons.merge(skipped.reason(), 1L, Long::sum);
        }
    }
}
