package dev.cloudsift.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Dedupe keys for records that carry no natural id: a hash of their canonical text. */
public final class RecordKeys {
    private static final ThreadLocal<MessageDigest> SHA1 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-1", e);
        }
    });

    private RecordKeys() {}

    /** {@code prefix + ":" + hex(sha1(text))}; collisions are not a concern at case sizes. */
    public static String hashed(String prefix, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return hashed(prefix, bytes, 0, bytes.length);
    }

    /** {@link #hashed(String, String)} of the text whose UTF-8 encoding is {@code bytes[offset, offset + length)}. */
    public static String hashed(String prefix, byte[] bytes, int offset, int length) {
        MessageDigest digest = SHA1.get();
        digest.reset();
        digest.update(bytes, offset, length);
        return key(prefix, digest.digest());
    }

    /**
     * {@code prefix + ":" + } the hex of the hash's first 16 bytes, written into one char array: the concatenation and
     * the hex formatter's String in between showed for every line of the sources keyed this way.
     */
    private static String key(String prefix, byte[] hash) {
        int at = prefix.length();
        char[] key = new char[at + 1 + 32];
        prefix.getChars(0, at, key, 0);
        key[at++] = ':';
        for (int i = 0; i < 16; i++) {
            key[at++] = HEX[(hash[i] >> 4) & 0xF];
            key[at++] = HEX[hash[i] & 0xF];
        }
        return new String(key);
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();
}
