package dev.cloudsift.store.ingest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Nominates the records of an ingest that may share a dedupe key with another of its records, so that the
 * deduplicator compares whole keys over those few rather than grouping every key of the ingest. A key's fingerprint
 * is its {@link String#hashCode} and its length (the String caches its hash: {@link EarlierKeys} has computed it
 * already for keys it keeps in its hash set, while the hex keys of {@code RecordKeys} pay one pass over their 40-odd
 * characters here, about 0.03 CPU s per million); every record whose
 * fingerprint another record of the ingest has is nominated. Two records with the same key always have the same
 * fingerprint, so no copy escapes; two different keys with the same fingerprint are only nominated, and the
 * deduplicator, which compares the keys themselves, keeps both.
 *
 * <p>Each writer notes its records' fingerprints and row ids in its own {@link Recorder}, appended in order (a
 * shared hash table had cost a cache miss per record); once every record is written, {@link #nominated} sorts the
 * fingerprints to find those seen twice. Memory is bounded: beyond {@link #MAX_KEYS} keys (16 bytes each) or
 * {@link #MAX_NOMINATED} nominations the fingerprints are dropped and {@link #nominated} returns null: the
 * deduplicator then groups every key, as it would without them.
 */
final class KeyFingerprints {
    /** Keys noted at most: two million take 32 MB of heap, and as much again while they are sorted. */
    static final long MAX_KEYS = 2_000_000;
    /** Records nominated at most; more means many copies, which grouping every key finds as cheaply. */
    static final int MAX_NOMINATED = 200_000;

    private final long maxKeys;
    private final int maxNominated;
    private final AtomicLong noted = new AtomicLong();
    private final List<Recorder> recorders = new ArrayList<>();
    private volatile boolean overflowed;

    KeyFingerprints() {
        this(MAX_KEYS, MAX_NOMINATED);
    }

    /** @param maxKeys fingerprints noted at most; @param maxNominated row ids nominated at most */
    KeyFingerprints(long maxKeys, int maxNominated) {
        this.maxKeys = maxKeys;
        this.maxNominated = maxNominated;
    }

    /** A recorder for one writer (one thread). */
    synchronized Recorder recorder() {
        Recorder recorder = new Recorder();
        recorders.add(recorder);
        return recorder;
    }

    /**
     * The row ids nominated, once every recorder's writer is done; empty when no two keys share a fingerprint, null
     * when a bound was reached (the nominations would be incomplete).
     */
    synchronized long[] nominated() {
        if (overflowed) {
            return null;
        }
        int total = 0;
        for (Recorder recorder : recorders) {
            total += recorder.size;
        }
        long[] sorted = new long[total];
        int at = 0;
        for (Recorder recorder : recorders) {
            System.arraycopy(recorder.fingerprints, 0, sorted, at, recorder.size);
            at += recorder.size;
        }
        Arrays.sort(sorted);
        Set<Long> repeated = new HashSet<>();
        for (int i = 1; i < total; i++) {
            if (sorted[i] == sorted[i - 1] && repeated.add(sorted[i]) && repeated.size() > maxNominated) {
                return null;
            }
        }
        if (repeated.isEmpty()) {
            return new long[0];
        }
        long[] nominated = new long[16];
        int count = 0;
        for (Recorder recorder : recorders) {
            for (int i = 0; i < recorder.size; i++) {
                if (repeated.contains(recorder.fingerprints[i])) {
                    if (count == maxNominated) {
                        return null;
                    }
                    if (count == nominated.length) {
                        nominated = Arrays.copyOf(nominated, nominated.length * 2);
                    }
                    nominated[count++] = recorder.rowIds[i];
                }
            }
        }
        return Arrays.copyOf(nominated, count);
    }

    /** One writer's fingerprints and row ids, in the order it wrote them; not thread-safe. */
    final class Recorder {
        private long[] fingerprints = new long[0];
        private long[] rowIds = new long[0];
        private int size;

        private Recorder() {}

        /** Notes that the record with row id {@code rowId} has {@code key}; a null key is never a copy. */
        void add(String key, long rowId) {
            if (key == null || overflowed) {
                return;
            }
            if (size == fingerprints.length && !grow()) {
                return;
            }
            fingerprints[size] = ((long) key.hashCode() << 32) | key.length();
            rowIds[size] = rowId;
            size++;
        }

        /** Makes room for more keys, counting them against the bound; false (and all dropped) beyond it. */
        private boolean grow() {
            long more = Math.max(1 << 12, fingerprints.length);
            long beyond = noted.addAndGet(more) - maxKeys;
            if (beyond > 0) {
                more -= beyond;
            }
            if (more <= 0) {
                overflowed = true;
                fingerprints = new long[0];
                rowIds = new long[0];
                size = 0;
                return false;
            }
            fingerprints = Arrays.copyOf(fingerprints, fingerprints.length + (int) more);
            rowIds = Arrays.copyOf(rowIds, rowIds.length + (int) more);
            return true;
        }
    }
}
