package dev.cloudsift.store.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudsift.core.RecordKeys;
import org.junit.jupiter.api.Test;

/** A key is a copy only when the whole key was seen before in the file, whatever its shape. */
class EarlierKeysTest {
    @Test
    void aHashedKeyIsACopyTheSecondTimeOnly() {
        EarlierKeys keys = new EarlierKeys();
        String key = RecordKeys.hashed("vpcflow", "a line");

        assertThat(keys.seen(key)).isFalse();
        assertThat(keys.seen(new String(key))).isTrue();
        assertThat(keys.seen(RecordKeys.hashed("vpcflow", "another line"))).isFalse();
    }

    @Test
    void hashedKeysSharingTheirFirstDigitsAreStillDifferentKeys() {
        EarlierKeys keys = new EarlierKeys();
        String digits = "0123456789abcdef";

        assertThat(keys.seen("vpcflow:" + digits + digits)).isFalse();
        assertThat(keys.seen("vpcflow:" + digits + "fedcba9876543210")).isFalse();
        assertThat(keys.seen("s3access:" + digits + digits)).isFalse();
        assertThat(keys.seen("vpcflow:" + digits + "fedcba9876543210")).isTrue();
    }

    @Test
    void keysOfOtherShapesAreComparedWhole() {
        EarlierKeys keys = new EarlierKeys();

        assertThat(keys.seen("cloudtrail:111122223333:0123456789abcdef0123456789abcdef")).isFalse();
        assertThat(keys.seen("cloudtrail::0123456789abcdef0123456789abcdef")).isFalse();
        assertThat(keys.seen("s3access:0123456789ABCDEF0123456789ABCDEF")).isFalse();
        assertThat(keys.seen("s3access:0000000000000000" + "0123456789abcdef")).isFalse();
        assertThat(keys.seen("cloudtrail:111122223333:0123456789abcdef0123456789abcdef")).isTrue();
        assertThat(keys.seen("s3access:0000000000000000" + "0123456789abcdef")).isTrue();
        assertThat(keys.seen(null)).isFalse();
        assertThat(keys.seen(null)).isFalse();
    }

    @Test
    void everyKeyOfALargeFileIsRememberedWhileUnderTheBound() {
        EarlierKeys keys = new EarlierKeys();
        for (int i = 0; i < 50_000; i++) {
            assertThat(keys.seen(RecordKeys.hashed("vpcflow", "line " + i))).isFalse();
            assertThat(keys.seen("s3access:" + i)).isFalse();
        }
        for (int i = 0; i < 50_000; i++) {
            assertThat(keys.seen(RecordKeys.hashed("vpcflow", "line " + i))).isTrue();
            assertThat(keys.seen("s3access:" + i)).isTrue();
        }
    }

    @Test
    void beyondTheBoundNewKeysAreNoLongerRememberedButEarlierOnesStillMatch() {
        String first = RecordKeys.hashed("vpcflow", "first");
        EarlierKeys keys = new EarlierKeys(first.length() + 96);

        assertThat(keys.seen(first)).isFalse();
        String later = RecordKeys.hashed("vpcflow", "later");
        assertThat(keys.seen(later)).isFalse();
        assertThat(keys.seen(later)).isFalse();
        assertThat(keys.seen("other")).isFalse();
        assertThat(keys.seen("other")).isFalse();
        assertThat(keys.seen(first)).isTrue();
    }
}
