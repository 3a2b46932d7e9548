package dev.cloudsift.spark;

import java.io.Serializable;

/**
 * One input unit as the listing pass found it on an executor: a file or archive member, its hash and where its
 * original is, or the reason it could not be walked. Plain fields so Spark serialises it cheaply.
 */
final class ListedUnit implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Index of the listed input (file or object) the unit came from. */
    int input;
    String displayPath;
    long size;
    /** SHA-256 of the unit's own bytes; null when it could not be read. */
    String sha256;
    /** Why it could not be walked or hashed, or null. */
    String problem;
    /** Why it is incomplete (an archive ended inside it), or null. */
    String damage;
    String evidenceSha256;
    String evidenceMember;
    String originalPath;
    long originalSize;
    Long originalMtimeMillis;
    /** The object's ETag and version id when the original is an object store's (s3a://…), else null. */
    String originalEtag;
    String originalVersionId;
}
