package dev.cloudsift.store.ingest;

import dev.cloudsift.core.Nullable;
import dev.cloudsift.core.PathHints;
import dev.cloudsift.store.evidence.EvidenceRef;
import java.time.Instant;
import java.util.Map;

/**
 * The ledger line of one input file. {@code read = stored + duplicates + quarantined} always holds;
 * skipped content is counted apart because it holds no record. {@code evidence} says where the file's original
 * bytes are kept (null when they could not be read).
 */
public record FileResult(
        int fileId,
        String path,
        long size,
        @Nullable String sha256,
        @Nullable String contentSha256,
        long contentBytes,
        @Nullable String compression,
        @Nullable String format,
        @Nullable String source,
        FileStatus status,
        @Nullable String error,
        long read,
        long stored,
        long duplicates,
        long quarantined,
        long skipped,
        Map<String, Long> skippedReasons,
        @Nullable Instant minTime,
        @Nullable Instant maxTime,
        PathHints hints,
        @Nullable Integer sameAsFileId,
        @Nullable EvidenceRef evidence) {

    public FileResult {
        skippedReasons = Map.copyOf(skippedReasons);
        if (read != stored + duplicates + quarantined) {
            throw new IllegalStateException("counts of " + path + " do not reconcile: read " + read + " != stored " + stored
                    + " + duplicates " + duplicates + " + quarantined " + quarantined);
        }
    }

    /** The same line after dedupe found {@code count} of its stored records to be duplicates. */
    public FileResult withDuplicates(long count) {
        return new FileResult(fileId, path, size, sha256, contentSha256, contentBytes, compression, format, source, status,
                error, read, stored - count, duplicates + count, quarantined, skipped, skippedReasons, minTime, maxTime,
                hints, sameAsFileId, evidence);
    }

    /**
     * This file as a copy of the bytes of file {@code fileIdKept}, which the case keeps instead: nothing of it is read
     * or stored (what was read of it is dropped), as for a file hashed after that copy.
     */
    public FileResult sameBytesAs(int fileIdKept) {
        return new FileResult(fileId, path, size, sha256, null, 0, null, null, null, FileStatus.ALREADY_INGESTED,
                status == FileStatus.ALREADY_INGESTED ? error : null, 0, 0, 0, 0, 0, Map.of(), null, null, hints, fileIdKept,
                evidence);
    }

    /** The same line for a file that is known to be incomplete (an archive broke inside it): never {@code ok}. */
    public FileResult withDamage(String damage) {
        FileStatus marked = status == FileStatus.OK || status == FileStatus.SKIPPED ? FileStatus.PARTIAL : status;
        String both = error == null ? damage : damage + "; " + error;
        return new FileResult(fileId, path, size, sha256, contentSha256, contentBytes, compression, format, source, marked,
                both, read, stored, duplicates, quarantined, skipped, skippedReasons, minTime, maxTime, hints, sameAsFileId,
                evidence);
    }

    /** Why nothing of this file was stored, in words, or null when records were stored. */
    public @Nullable String whyNothingStored() {
        if (stored > 0) {
            return null;
        }
        return switch (status) {
            case EMPTY -> "empty file";
            case UNRECOGNISED -> "content not recognised" + (error == null ? "" : ": " + error);
            case ALREADY_INGESTED -> "already ingested" + (sameAsFileId == null ? "" : " (same bytes as file #" + sameAsFileId + ")");
            case FAILED -> "could not be read: " + error;
            case SKIPPED -> "only skipped content: " + skippedReasons;
            case PARTIAL -> quarantined + " record(s) quarantined" + (error == null ? "" : ": " + error);
            case OK -> read == 0 ? "no records in the file" : "all " + duplicates + " record(s) were duplicates";
        };
    }
}
