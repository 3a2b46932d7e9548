package dev.cloudsift.store.ingest;

import java.util.Arrays;

/**
 * Nominates the records of an ingest that may share a dedupe key with another of its records, as the parsing threads
 * write them, so that the deduplicator compares whole keys over those few rather than grouping every key of the
 * ingest. A key's fingerprint is its {@link String#hashCode} (already computed for {@link EarlierKeys}) and its
 * length; every record whose fingerprint an earlier record of the ingest had is nominated, with that earlier record.
 * Two records with the same key always have the same fingerprint, so no copy escapes; two different keys with the
 * same fingerprint are only nominated, and the deduplicator, which compares the keys themselves, keeps both.
 *
 * <p>Memory is bounded: beyond {@link #MAX_KEYS} keys (or {@link #MAX_NOMINATED} nominations) the fingerprints are
 * dropped and {@link #overflowed} tells the deduplicator to group every key, as it would without them. Shared by the
 * parsing threads: the table is split into stripes, each with its own lock, so they seldom wait on each other.
 */
final class KeyFingerprints {
    /** Keys remembered at most: 1.5 million fingerprints take about 32 MB of heap (two longs a slot, half full or more). */
    static final int MAX_KEYS = 1_500_000;
    /** Records nominated at most; more means many copies, which the full grouping finds as cheaply. */
    static final int MAX_NOMINATED = 200_000;
    private static final int STRIPES = 16;
    /** Marks a slot's first row id once it has been nominated, so it is nominated once. */
    private static final long NOMINATED = Long.MIN_VALUE;

    private final Stripe[] stripes = new Stripe[STRIPES];
    private final int maxKeys;
    private final int maxNominated;
    private volatile boolean overflowed;

    KeyFingerprints() {
        this(MAX_KEYS, MAX_NOMINATED);
    }

    /** @param maxKeys fingerprints remembered at most; @param maxNominated row ids nominated at most */
    KeyFingerprints(int maxKeys, int maxNominated) {
        this.maxKeys = maxKeys;
        this.maxNominated = maxNominated;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Stripe();
        }
    }

    /** Notes that the record with row id {@code rowId} (not negative) has {@code key}; a null key is never a copy. */
    void add(String key, long rowId) {
        if (key == null || overflowed) {
            return;
        }
        long fingerprint = ((long) key.hashCode() << 32) | key.length();
        long mixed = mix(fingerprint);
        Stripe stripe = stripes[(int) (mixed >>> 60)];
        boolean full;
        synchronized (stripe) {
            full = !stripe.add(fingerprint, mixed, rowId, maxKeys / STRIPES, maxNominated / STRIPES);
        }
        if (full) {
            overflowed = true;
            for (Stripe each : stripes) {
                synchronized (each) {
                    each.clear();
                }
            }
        }
    }

    /** Whether the bound was reached: the nominations are then incomplete and must not be used. */
    boolean overflowed() {
        return overflowed;
    }

    /** The row ids nominated, once every record is written; empty when no two keys share a fingerprint. */
    long[] nominated() {
        if (overflowed) {
            throw new IllegalStateException("the fingerprints overflowed: group every key instead");
        }
        int total = 0;
        for (Stripe stripe : stripes) {
            total += stripe.nominatedCount;
        }
        long[] all = new long[total];
        int at = 0;
        for (Stripe stripe : stripes) {
            synchronized (stripe) {
                System.arraycopy(stripe.nominated, 0, all, at, stripe.nominatedCount);
                at += stripe.nominatedCount;
            }
        }
        return all;
    }

    /** Spreads a fingerprint's bits (the finaliser of MurmurHash3), so that slots and stripes are evenly used. */
    private static long mix(long value) {
        long h = value;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    /** An open-addressing table of fingerprints with the first row id of each, and the row ids it nominated. */
    private static final class Stripe {
        private long[] fingerprints = new long[0];
        private long[] firstRows = new long[0];
        private boolean[] used = new boolean[0];
        private int size;
        private long[] nominated = new long[0];
        private int nominatedCount;

        /** Returns false when a bound is reached. */
        boolean add(long fingerprint, long mixed, long rowId, int maxKeys, int maxNominated) {
            if (fingerprints.length == 0 || (size + 1 > fingerprints.length * 3L / 4 && size < maxKeys)) {
                grow();
            }
            int mask = fingerprints.length - 1;
            int slot = (int) mixed & mask;
            while (used[slot]) {
                if (fingerprints[slot] == fingerprint) {
                    long first = firstRows[slot];
                    if (first != NOMINATED) {
                        if (!nominate(first, maxNominated)) {
                            return false;
                        }
                        firstRows[slot] = NOMINATED;
                    }
                    return nominate(rowId, maxNominated);
                }
                slot = (slot + 1) & mask;
            }
            if (size >= maxKeys) {
                return false;
            }
            used[slot] = true;
            fingerprints[slot] = fingerprint;
            firstRows[slot] = rowId;
            size++;
            return true;
        }

        private boolean nominate(long rowId, int maxNominated) {
            if (nominatedCount >= maxNominated) {
                return false;
            }
            if (nominatedCount == nominated.length) {
                nominated = Arrays.copyOf(nominated, Math.max(16, nominated.length * 2));
            }
            nominated[nominatedCount++] = rowId;
            return true;
        }

        private void grow() {
            long[] oldFingerprints = fingerprints;
            long[] oldFirst = firstRows;
            boolean[] oldUsed = used;
            int capacity = Math.max(1 << 10, oldFingerprints.length * 2);
            fingerprints = new long[capacity];
            firstRows = new long[capacity];
            used = new boolean[capacity];
            int mask = capacity - 1;
            for (int i = 0; i < oldFingerprints.length; i++) {
                if (oldUsed[i]) {
                    int slot = (int) mix(oldFingerprints[i]) & mask;
                    while (used[slot]) {
                        slot = (slot + 1) & mask;
                    }
                    used[slot] = true;
                    fingerprints[slot] = oldFingerprints[i];
                    firstRows[slot] = oldFirst[i];
                }
            }
        }

        void clear() {
            fingerprints = new long[0];
            firstRows = new long[0];
            used = new boolean[0];
            size = 0;
            nominated = new long[0];
            nominatedCount = 0;
        }
    }
}
