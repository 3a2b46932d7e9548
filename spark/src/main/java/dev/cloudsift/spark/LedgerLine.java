package dev.cloudsift.spark;

import dev.cloudsift.core.PathHints;
import dev.cloudsift.store.evidence.EvidenceMode;
import dev.cloudsift.store.evidence.EvidenceRef;
import dev.cloudsift.store.ingest.FileResult;
import dev.cloudsift.store.ingest.FileStatus;
import java.io.Serializable;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** A file's ledger line while it travels from an executor to the driver; the driver makes it a {@link FileResult}. */
final class LedgerLine implements Serializable {
    private static final long serialVersionUID = 1L;

    int fileId;
    String path;
    long size;
    String sha256;
    String contentSha256;
    long contentBytes;
    String compression;
    String format;
    String source;
    String status;
    String error;
    long records;
    long quarantined;
    long skipped;
    final TreeMap<String, Long> skippedReasons = new TreeMap<>();
    Long minTimeMicros;
    Long maxTimeMicros;
    Integer sameAsFileId;
    String evidenceSha256;
    String evidenceMember;
    String originalPath;
    long originalSize;
    Long originalMtimeMillis;
    String originalEtag;
    String originalVersionId;

    static LedgerLine of(ListedUnit unit, int fileId) {
        LedgerLine line = new LedgerLine();
        line.fileId = fileId;
        line.path = unit.displayPath;
        line.size = unit.size;
        line.sha256 = unit.sha256;
        line.evidenceSha256 = unit.evidenceSha256;
        line.evidenceMember = unit.evidenceMember;
        line.originalPath = unit.originalPath;
        line.originalSize = unit.originalSize;
        line.originalMtimeMillis = unit.originalMtimeMillis;
        line.originalEtag = unit.originalEtag;
        line.originalVersionId = unit.originalVersionId;
        return line;
    }

    void time(Instant time) {
        long micros = Math.addExact(Math.multiplyExact(time.getEpochSecond(), 1_000_000L), time.getNano() / 1000);
        if (minTimeMicros == null || micros < minTimeMicros) {
            minTimeMicros = micros;
        }
        if (maxTimeMicros == null || micros > maxTimeMicros) {
            maxTimeMicros = micros;
        }
    }

    /** The ledger line, with {@code duplicates} of its stored records found to be copies. */
    FileResult result(long duplicates) {
        EvidenceRef evidence = evidenceSha256 == null ? null : new EvidenceRef(evidenceSha256, evidenceMember,
                EvidenceMode.REFERENCE, originalPath, originalSize,
                originalMtimeMillis == null ? null : Instant.ofEpochMilli(originalMtimeMillis), originalEtag, originalVersionId);
        FileResult result = new FileResult(fileId, path, size, sha256, contentSha256, contentBytes, compression, format, source,
                FileStatus.valueOf(status), error, records + quarantined, records, 0, quarantined, skipped,
                Map.copyOf(skippedReasons), instant(minTimeMicros), instant(maxTimeMicros), PathHints.fromPath(path),
                sameAsFileId, evidence);
        return duplicates == 0 ? result : result.withDuplicates(duplicates);
    }

    private static Instant instant(Long micros) {
        return micros == null ? null : Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
    }
}
