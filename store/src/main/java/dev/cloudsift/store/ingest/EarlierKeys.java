package dev.cloudsift.store.ingest;

import java.util.HashSet;
import java.util.Set;

/**
 * The dedupe keys of one file's records read so far, so that a later copy of a key in the same file is dropped on the
 * parsing thread before it is written. Such a copy can never be the one kept (the first copy in input order wins, and
 * within a file that is the earlier record), so dropping it early changes no outcome; it only spares the
 * deduplicator rewriting parts after the fact. Keys are compared whole. Memory is bounded: beyond {@link #MAX_BYTES}
 * of keys a file's further keys are no longer remembered (those already remembered are still matched), and their
 * copies are left to the deduplicator as before.
 */
final class EarlierKeys {
    /** Estimated heap held by one file's remembered keys at most (per parsing thread: one file at a time). */
    static final long MAX_BYTES = 16L << 20;
    /** Heap a remembered key costs besides its characters: the String, its array and the set's entry. */
    private static final int ENTRY_BYTES = 96;

    private final long maxBytes;
    /**
     * Sized for a typical delivered file's lines (a few thousand): growing from the default size rehashed every key
     * nine times over, a few percent of the parsing threads. The table is only allocated on the first key.
     */
    private final Set<String> keys = new HashSet<>(1 << 13);
    private long bytes;

    EarlierKeys() {
        this(MAX_BYTES);
    }

    /** @param maxBytes estimated heap of remembered keys beyond which no more are remembered */
    EarlierKeys(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * Whether an earlier record of the file had {@code key}; remembers it otherwise, while under the bound. A null key
     * (a record without one) is never a copy.
     */
    boolean seen(String key) {
        if (key == null) {
            return false;
        }
        if (bytes >= maxBytes) {
            return keys.contains(key);
        }
        if (!keys.add(key)) {
            return true;
        }
        bytes += key.length() + ENTRY_BYTES;
        return false;
    }
}
