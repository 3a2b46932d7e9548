package dev.cloudsift.store.ingest;

import dev.cloudsift.core.Nullable;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Decides which of several inputs with identical bytes is read, whatever order the parsing threads hash them in:
 * a file of an earlier ingest, else the first in sorted path order (then file id), as the dedupe of records does.
 * A thread that hashes a file before an earlier copy reads it anyway; {@link #winner} then names the copy that
 * keeps the bytes and the ingest drops what the other read. Shared by the parsing threads.
 */
final class SameBytes {
    /** The file that holds a hash so far; {@code committed} when an earlier ingest read it. */
    private record Claim(int fileId, String path, boolean committed) {
        boolean precedes(String otherPath, int otherId) {
            if (committed) {
                return true;
            }
            int order = path.compareTo(otherPath);
            return order < 0 || (order == 0 && fileId < otherId);
        }
    }

    private final ConcurrentMap<String, Claim> claims = new ConcurrentHashMap<>();

    /** @param committed the hashes of files earlier ingests read, with the file id of the first */
    SameBytes(Map<String, Integer> committed) {
        committed.forEach((sha256, fileId) -> claims.put(sha256, new Claim(fileId, "", true)));
    }

    /**
     * Claims a hash for a file about to be read.
     *
     * @return null when this file is to be read (it precedes every copy seen so far), else the file id of the copy
     *         that precedes it
     */
    @Nullable Integer claim(String sha256, String path, int fileId) {
        Objects.requireNonNull(path, "path");
        Claim mine = new Claim(fileId, path, false);
        Claim held = claims.merge(sha256, mine, (old, fresh) -> old.precedes(fresh.path(), fresh.fileId()) ? old : fresh);
        return held == mine ? null : held.fileId();
    }

    /** Once every file is hashed: the file whose copy of these bytes the case keeps, or null for an unknown hash. */
    @Nullable Integer winner(String sha256) {
        Claim claim = claims.get(sha256);
        return claim == null ? null : claim.fileId();
    }
}
