package dev.cloudsift.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

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
        byte[] hash = digest.digest();
        return prefix + ":" + HexFormat.of().formatHex(hash, 0, 16);
    }
}
