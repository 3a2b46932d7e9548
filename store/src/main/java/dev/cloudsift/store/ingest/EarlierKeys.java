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
 *
 * <p>Keys hashed by {@code RecordKeys} ({@code prefix:} and 32 hex digits of a SHA-1) are already uniformly random:
 * their first 16 digits index an open-addressed table directly, without hashing the whole String, a set entry per key
 * or the cache misses of following it (a per-line cost in the parsing threads' profile). Any other key (an event id, a
 * request id: text a log writer chooses) stays in a {@link HashSet}, whose tree bins bound the cost of keys crafted to
 * share a String hash.
 */
final class EarlierKeys {
    /** Estimated heap held by one file's remembered keys at most (per parsing thread: one file at a time). */
    static final long MAX_BYTES = 16L << 20;
    /** Heap a remembered key costs besides its characters: the String, its array and the set's entry. */
    private static final int ENTRY_BYTES = 96;
    /** Hex digits of a hashed key after its prefix and colon. */
    private static final int HASH_DIGITS = 32;
    /**
     * Sized for a typical delivered file's lines (a few thousand): growing from the default size rehashed every key
     * nine times over, a few percent of the parsing threads. Tables are only allocated on their first key.
     */
    private static final int INITIAL_SLOTS = 1 << 13;

    private final long maxBytes;
    private final Set<String> otherKeys = new HashSet<>(INITIAL_SLOTS);
    /** Per slot, a hashed key's first 16 hex digits (its index and a quick first test) and the key (null: free). */
    private long[] fingerprints;
    private String[] hashedKeys;
    private int hashedCount;
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
        long fingerprint = hashedShape(key) ? fingerprint(key) : 0;
        boolean remember = bytes < maxBytes;
        boolean added;
        if (fingerprint != 0) {
            if (hashedKeys != null && contains(key, fingerprint)) {
                return true;
            }
            if (remember) {
                add(key, fingerprint);
            }
            added = remember;
        } else if (!remember) {
            return otherKeys.contains(key);
        } else {
            added = otherKeys.add(key);
            if (!added) {
                return true;
            }
        }
        if (added) {
            bytes += key.length() + ENTRY_BYTES;
        }
        return false;
    }

    /** Whether the key is a prefix without a colon, one colon and {@value #HASH_DIGITS} lower-case hex digits. */
    private static boolean hashedShape(String key) {
        int colon = key.length() - HASH_DIGITS - 1;
        return colon > 0 && key.charAt(colon) == ':' && key.indexOf(':') == colon;
    }

    /** The first 16 hex digits after the colon as a number; 0 when one is not a lower-case hex digit (or all are 0). */
    private static long fingerprint(String key) {
        long value = 0;
        int from = key.length() - HASH_DIGITS;
        for (int i = from; i < from + 16; i++) {
            char c = key.charAt(i);
            int digit;
            if (c >= '0' && c <= '9') {
                digit = c - '0';
            } else if (c >= 'a' && c <= 'f') {
                digit = c - 'a' + 10;
            } else {
                return 0;
            }
            value = (value << 4) | digit;
        }
        return value;
    }

    private boolean contains(String key, long fingerprint) {
        int mask = hashedKeys.length - 1;
        for (int slot = (int) fingerprint & mask; hashedKeys[slot] != null; slot = (slot + 1) & mask) {
            if (fingerprints[slot] == fingerprint && hashedKeys[slot].equals(key)) {
                return true;
            }
        }
        return false;
    }

    private void add(String key, long fingerprint) {
        if (hashedKeys == null) {
            fingerprints = new long[INITIAL_SLOTS];
            hashedKeys = new String[INITIAL_SLOTS];
        } else if (2 * (hashedCount + 1) > hashedKeys.length) {
            grow();
        }
        put(key, fingerprint);
        hashedCount++;
    }

    private void put(String key, long fingerprint) {
        int mask = hashedKeys.length - 1;
        int slot = (int) fingerprint & mask;
        while (hashedKeys[slot] != null) {
            slot = (slot + 1) & mask;
        }
        fingerprints[slot] = fingerprint;
        hashedKeys[slot] = key;
    }

    private void grow() {
        long[] oldFingerprints = fingerprints;
        String[] oldKeys = hashedKeys;
        fingerprints = new long[oldKeys.length * 2];
        hashedKeys = new String[oldKeys.length * 2];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != null) {
                put(oldKeys[i], oldFingerprints[i]);
            }
        }
    }
}
