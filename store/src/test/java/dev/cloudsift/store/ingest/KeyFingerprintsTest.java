package dev.cloudsift.store.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudsift.core.PathHints;
import dev.cloudsift.store.CaseStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fingerprints nominate every record whose key another record of the ingest may share, and the deduplicator
 * decides on the whole keys: a shared fingerprint alone never makes a copy, and beyond the bound every key is grouped.
 */
class KeyFingerprintsTest {
    /** "Aa" and "BB" have the same {@link String#hashCode} and length: the same fingerprint, different keys. */
    private static final String COLLIDING = "key-Aa";
    private static final String COLLIDING_TOO = "key-BB";

    @TempDir
    Path folder;

    @Test
    void keysWithTheSameFingerprintAreNominatedAndOthersAreNot() {
        assertThat(COLLIDING.hashCode()).isEqualTo(COLLIDING_TOO.hashCode());
        KeyFingerprints fingerprints = new KeyFingerprints();
        KeyFingerprints.Recorder one = fingerprints.recorder();
        KeyFingerprints.Recorder other = fingerprints.recorder();

        one.add("alone", 1);
        one.add(COLLIDING, 2);
        other.add("another", 3);
        other.add(COLLIDING_TOO, 4);
        one.add(COLLIDING, 5);
        other.add(null, 6);

        assertThat(fingerprints.nominated()).containsExactlyInAnyOrder(2L, 4L, 5L);
    }

    @Test
    void beyondTheBoundTheFingerprintsOverflowAndNominateNothing() {
        KeyFingerprints fingerprints = new KeyFingerprints(16, 16);
        KeyFingerprints.Recorder recorder = fingerprints.recorder();
        for (int i = 0; i < 16; i++) {
            recorder.add("key-" + i % 8, i);
        }
        assertThat(fingerprints.nominated()).as("at the bound").hasSize(16);

        recorder.add("one more", 16);

        assertThat(fingerprints.nominated()).isNull();
    }

    @Test
    void beyondTheNominationBoundNothingIsNominated() {
        KeyFingerprints fingerprints = new KeyFingerprints(100, 3);
        KeyFingerprints.Recorder recorder = fingerprints.recorder();
        for (int i = 0; i < 4; i++) {
            recorder.add("key-" + i % 2, i);
        }

        assertThat(fingerprints.nominated()).isNull();
    }

    @Test
    void aSharedFingerprintWithDifferentKeysIsNotACopyWhileTheSameKeyIsInLaterFiles() throws Exception {
        KeyFingerprints fingerprints = new KeyFingerprints();

        Map<Integer, Long> duplicates = find(fingerprints);

        assertThat(fingerprints.nominated()).hasSize(4);
        // file 3 ("a/2") precedes file 2 ("b/1") in path order: file 2's copy of "repeated" is the duplicate
        assertThat(duplicates).isEqualTo(Map.of(2, 1L));
    }

    @Test
    void overflowedFingerprintsLeaveTheDecisionToGroupingEveryKey() throws Exception {
        KeyFingerprints fingerprints = new KeyFingerprints(2, 2);

        Map<Integer, Long> duplicates = find(fingerprints);

        assertThat(fingerprints.nominated()).isNull();
        assertThat(duplicates).isEqualTo(Map.of(2, 1L));
    }

    @Test
    void withoutSharedFingerprintsNothingIsACopy() throws Exception {
        KeyFingerprints fingerprints = new KeyFingerprints();
        Path staging = folder.resolve("staging");
        try (CaseStore store = CaseStore.openWithTables(folder.resolve("case"), List.of())) {
            flush(store, staging, fingerprints, List.of(new Key(RowIds.of(1, 0), 1, "one"), new Key(RowIds.of(2, 0), 2, "two")));

            Map<Integer, Long> duplicates = new Deduplicator(store.connection(), staging)
                    .find(List.of(file(1, "a"), file(2, "b")), Set.of(), fingerprints);

            assertThat(duplicates).isEmpty();
            assertThat(fingerprints.nominated()).isEmpty();
        }
    }

    private record Key(long rowId, int fileId, String key) {}

    /**
     * Three files: 1 holds the colliding keys, 2 ("b/1") and 3 ("a/2") both hold "repeated"; 3 comes first by path.
     */
    private Map<Integer, Long> find(KeyFingerprints fingerprints) throws Exception {
        Path staging = folder.resolve("staging");
        try (CaseStore store = CaseStore.openWithTables(folder.resolve("case"), List.of())) {
            flush(store, staging, fingerprints, List.of(
                    new Key(RowIds.of(1, 0), 1, COLLIDING),
                    new Key(RowIds.of(1, 1), 1, COLLIDING_TOO),
                    new Key(RowIds.of(2, 0), 2, "repeated"),
                    new Key(RowIds.of(2, 1), 2, "only in 2"),
                    new Key(RowIds.of(3, 0), 3, "repeated")));
            return new Deduplicator(store.connection(), staging)
                    .find(List.of(file(1, "c/0"), file(2, "b/1"), file(3, "a/2")), Set.of(), fingerprints);
        }
    }

    /** Writes the keys as the writer flushes them, noting each in the fingerprints as the writer does. */
    private static void flush(CaseStore store, Path staging, KeyFingerprints fingerprints, List<Key> keys) throws Exception {
        Path flushed = Files.createDirectories(staging.resolve(Deduplicator.FLUSHED_KEYS));
        List<String> values = new ArrayList<>();
        KeyFingerprints.Recorder recorder = fingerprints.recorder();
        for (Key key : keys) {
            values.add("(" + key.rowId() + ", " + key.fileId() + ", '" + key.key() + "')");
            recorder.add(key.key(), key.rowId());
        }
        try (Statement statement = store.connection().createStatement()) {
            statement.execute("COPY (SELECT * FROM (VALUES " + String.join(", ", values) + ") t(row_id, file_id, dedupe_key)) TO '"
                    + flushed.resolve("k-1-1.parquet") + "' (FORMAT parquet)");
        }
    }

    private static FileResult file(int fileId, String path) {
        return new FileResult(fileId, path, 0, null, null, 0, null, null, null, FileStatus.FAILED, "test", 0, 0, 0, 0, 0,
                Map.of(), null, null, PathHints.fromPath(path), null, null);
    }
}
