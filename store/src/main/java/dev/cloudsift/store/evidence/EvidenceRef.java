package dev.cloudsift.store.evidence;

import dev.cloudsift.core.Nullable;
import java.time.Instant;
import java.util.Objects;

/**
 * Where an input file's original bytes are kept, as its ledger row records it.
 *
 * @param sha256        SHA-256 of the outermost file on disk (the archive, for a member)
 * @param member        the member's path inside that archive ({@code a/b.tar!/c.json} when nested), or null
 * @param mode          copied into the case, or referenced in place
 * @param originalPath  absolute path of the outermost file as given (kept in both modes; needed by reference)
 * @param originalSize  its size in bytes
 * @param originalMtime its modification time when read
 * @param originalEtag  the object's ETag when the original is an object store's object (s3a://…), else null
 * @param originalVersionId the object's version id when the bucket keeps versions and the store reported it, else null
 */
public record EvidenceRef(String sha256, @Nullable String member, EvidenceMode mode, String originalPath,
                          long originalSize, @Nullable Instant originalMtime, @Nullable String originalEtag,
                          @Nullable String originalVersionId) {
    public EvidenceRef {
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(originalPath, "originalPath");
    }

    /** A file's evidence: a local original has no ETag or version. */
    public EvidenceRef(String sha256, @Nullable String member, EvidenceMode mode, String originalPath, long originalSize,
                       @Nullable Instant originalMtime) {
        this(sha256, member, mode, originalPath, originalSize, originalMtime, null, null);
    }
}
