package dev.cloudsift.store.ingest;

import dev.cloudsift.core.Event;
import dev.cloudsift.core.EventReader;
import dev.cloudsift.core.FormatRegistry;
import dev.cloudsift.core.LogFormat;
import dev.cloudsift.core.LogRecord;
import dev.cloudsift.core.ParseProblem;
import dev.cloudsift.core.PathHints;
import dev.cloudsift.core.Position;
import dev.cloudsift.core.ReadItem;
import dev.cloudsift.core.Sample;
import dev.cloudsift.core.Skipped;
import dev.cloudsift.core.SourceContext;
import dev.cloudsift.core.input.CompressionKind;
import dev.cloudsift.core.input.DamagedInputException;
import dev.cloudsift.core.input.Decompression;
import dev.cloudsift.core.input.InputUnit;
import dev.cloudsift.store.evidence.EvidenceKeeper;
import dev.cloudsift.store.evidence.EvidenceRef;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.stream.Collectors;

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
            sample = sample(unit, tally);
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

    private Sample sample(InputUnit unit, Tally tally) throws IOException {
        try (InputStream raw = unit.openRaw()) {
            Decompression.Opened opened = Decompression.open(raw, unit.size());
            tally.compression = opened.layers().isEmpty() ? "none"
                    : opened.layers().stream().map(CompressionKind::name).map(String::toLowerCase).collect(Collectors.joining("+"));
            byte[] head = new byte[Sample.SIZE];
            int length = 0;
            boolean complete = false;
            try {
                int n;
                while (length < head.length && (n = opened.content().read(head, length, head.length - length)) > 0) {
                    length += n;
                }
                complete = length < head.length || opened.content().read() < 0;
            } catch (IOException truncated) {
                // A file cut short early still deserves a format: sniff what came out before the break.
                if (length == 0) {
                    throw truncated;
                }
            }
            return new Sample(java.util.Arrays.copyOf(head, length), complete, unit.displayPath(),
                    PathHints.fromPath(unit.displayPath()));
        }
    }

    private void readRecords(InputUnit unit, Tally tally, PathHints hints) throws InterruptedException {
        List<ReadItem> batch = new ArrayList<>(BATCH);
        MessageDigest digest = tally.format.wantsContentHash() ? newSha256() : null;
        SourceContext context = new SourceContext(unit.displayPath(), hints, formatOptions);
        InputStream raw = null;
        InputStream decompressed = null;
        CountingStream counted = null;
        EventReader reader = null;
        boolean clean = false;
        try {
            raw = unit.openRaw();
            Decompression.Opened opened = Decompression.open(raw, unit.size());
            decompressed = opened.content();
            InputStream content = digest == null ? decompressed : new DigestInputStream(decompressed, digest);
            counted = new CountingStream(content);
            reader = tally.format.open(counted, context);
            ReadItem item;
            while ((item = reader.next()) != null) {
                count(tally, item);
                if (!(item instanceof Skipped)) {
                    batch.add(item);
                    if (batch.size() == BATCH) {
                        out.put(new WriterMessage.Items(tally.fileId, tally.path, batch));
                        batch = new ArrayList<>(BATCH);
                    }
                }
            }
            // The content hash must cover every byte, also those after the last record a reader needed.
            counted.transferTo(OutputStream.nullOutputStream());
            clean = true;
            for (String note : opened.notes()) {
                count(tally, new Skipped(new Position(counted.count(), -1), note));
            }
        } catch (IOException e) {
            Position at = reader == null ? Position.START : reader.position();
            ParseProblem rest = brokenStream(e, at, counted == null ? 0 : counted.count());
            count(tally, rest);
            batch.add(rest);
            tally.error = rest.reason();
        } catch (RuntimeException e) {
            Position at = reader == null ? Position.START : reader.position();
            ParseProblem rest = ParseProblem.of(at, "reader " + tally.format.name() + " failed at " + at.describe() + ": "
                    + e + "; the rest of the file is quarantined (this is a Cloudsift bug: please report it)", null);
            count(tally, rest);
            batch.add(rest);
            tally.error = rest.reason();
        } finally {
            closeQuietly(reader);
            closeQuietly(decompressed);
            closeQuietly(raw);
        }
        if (counted != null) {
            tally.contentBytes = counted.count();
        }
        if (digest != null && clean) {
            tally.contentSha256 = HexFormat.of().formatHex(digest.digest());
        }
        if (!batch.isEmpty()) {
            out.put(new WriterMessage.Items(tally.fileId, tally.path, batch));
        }
    }

    /**
     * The rest of a file whose stream broke. Damaged compression says where and how, and its undecodable bytes are
     * kept; every record the reader yielded before the break is already stored.
     */
    private static ParseProblem brokenStream(IOException e, Position at, long consumed) {
        DamagedInputException damage = DamagedInputException.find(e);
        if (damage != null) {
            return new ParseProblem(at, damage.getMessage() + "; every record before it (up to " + at.describe()
                    + " of the decompressed content) is kept, the rest is quarantined",
                    damage.quarantineBytes(at.offset()));
        }
        return ParseProblem.of(at, "input ends early or is corrupt after " + at.describe()
                + " (decompressed byte " + consumed + "): " + e.getMessage()
                + "; the rest of the file is quarantined", null);
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

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception ignored) {
            // the file is done either way; a failing close loses nothing already read
        }
    }
}
