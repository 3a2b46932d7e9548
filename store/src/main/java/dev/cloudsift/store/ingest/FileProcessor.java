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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;

/** Reads one input file on a parsing thread: hash, sniff, read, and hand batches to the writer. */
final class FileProcessor {
    static final int BATCH = 1024;

    private final FormatRegistry registry;
    private final Map<String, String> formatOptions;
    private final SameBytes sameBytes;
    private final BlockingQueue<WriterMessage> out;
    private final EvidenceKeeper evidence;

    FileProcessor(FormatRegistry registry, Map<String, String> formatOptions, SameBytes sameBytes,
                  BlockingQueue<WriterMessage> out, EvidenceKeeper evidence) {
        this.evidence = evidence;
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
                    format == null ? null : format.name(), source, status, error, records + quarantined, records, 0,
                    quarantined, skipped, skippedReasons, minTime, maxTime, hints, sameAs, evidence);
        }
    }

    void process(InputUnit unit, int fileId) throws InterruptedException {
        Tally tally = new Tally(fileId, unit.displayPath(), unit.size());
        try {
            FileResult result = read(unit, tally);
            if (unit.damage() != null) {
                result = result.withDamage(unit.damage());
            }
            out.put(new WriterMessage.Finished(result));
        } finally {
            unit.release();
        }
    }

    private FileResult read(InputUnit unit, Tally tally) throws InterruptedException {
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
        readRecords(unit, tally, sample.hints());
        if (tally.records == 0 && tally.quarantined == 0 && tally.skipped > 0) {
            return tally.result(FileStatus.SKIPPED, null);
        }
        return tally.result(tally.quarantined > 0 ? FileStatus.PARTIAL : FileStatus.OK, null);
    }

    private void readRecords(InputUnit unit, Tally tally, PathHints hints) throws InterruptedException {
        Batches batches = new Batches(tally);
        UnitReading.Pass pass = UnitReading.read(unit, unit.displayPath(), tally.format, hints, formatOptions, batches);
        tally.contentBytes = pass.contentBytes();
        tally.contentSha256 = pass.contentSha256();
        if (pass.error() != null) {
            tally.error = pass.error();
        }
        batches.flush();
    }

    /** Counts each item a file yields and hands records and problems to the writer in batches. */
    private final class Batches implements UnitReading.Items {
        private final Tally tally;
        private List<ReadItem> batch = new ArrayList<>(BATCH);

        Batches(Tally tally) {
            this.tally = tally;
        }

        @Override
        public void accept(ReadItem item) throws InterruptedException {
            count(tally, item);
            if (!(item instanceof Skipped)) {
                batch.add(item);
                if (batch.size() == BATCH) {
                    flush();
                }
            }
        }

        void flush() throws InterruptedException {
            if (!batch.isEmpty()) {
                out.put(new WriterMessage.Items(tally.fileId, tally.path, batch));
                batch = new ArrayList<>(BATCH);
            }
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
