package dev.cloudsift.store.evidence;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The case's evidence folder: each input's original bytes, once, named by their SHA-256
 * ({@code <root>/sha256/<first 2 hex>/<sha256>}). Files are written under a temporary name and renamed, so a
 * file under its hash name is always whole.
 */
public final class EvidenceStore {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final Path root;

    public EvidenceStore(Path root) {
        this.root = Objects.requireNonNull(root, "root");
    }

    /** The hash and size of bytes just kept (or just hashed). */
    public record Kept(String sha256, long size) {}

    public Path root() {
        return root;
    }

    /** Where the bytes of this hash are (or would be) kept. */
    public Path pathOf(String sha256) {
        if (!SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("not a lower-case SHA-256: " + sha256);
        }
        return root.resolve("sha256").resolve(sha256.substring(0, 2)).resolve(sha256);
    }

    public boolean contains(String sha256) {
        return Files.isRegularFile(pathOf(sha256));
    }

    /**
     * Copies {@code raw} into the store while hashing it, in one pass; a copy whose hash is already kept is
     * dropped. Closes {@code raw}.
     */
    public Kept keep(InputStream raw) throws IOException {
        Path incoming = root.resolve("incoming");
        Files.createDirectories(incoming);
        Path temporary = Files.createTempFile(incoming, "part-", ".tmp");
        try {
            MessageDigest digest = newSha256();
            long size;
            try (raw; OutputStream out = new DigestOutputStream(Files.newOutputStream(temporary), digest)) {
                size = raw.transferTo(out);
            }
            String sha256 = HexFormat.of().formatHex(digest.digest());
            Path target = pathOf(sha256);
            if (!Files.exists(target)) {
                Files.createDirectories(target.getParent());
                try {
                    Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                    // Another thread kept the same bytes first, or the file system cannot rename atomically
                    // (then the plain move still never exposes a half-written file under the hash name).
                    if (!Files.exists(target)) {
                        Files.move(temporary, target);
                    }
                }
            }
            return new Kept(sha256, size);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /**
     * Removes copies a killed ingest left half-written. Only one process writes a case at a time (DuckDB locks
     * it), so whatever is in the incoming folder when an ingest starts belongs to no live copy.
     */
    public void clearIncoming() throws IOException {
        Path incoming = root.resolve("incoming");
        if (!Files.isDirectory(incoming)) {
            return;
        }
        try (java.util.stream.Stream<Path> files = Files.list(incoming)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    /** Hashes {@code raw} without keeping it. Closes {@code raw}. */
    public static Kept hash(InputStream raw) throws IOException {
        MessageDigest digest = newSha256();
        long size;
        try (raw; OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), digest)) {
            size = raw.transferTo(out);
        }
        return new Kept(HexFormat.of().formatHex(digest.digest()), size);
    }

    static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
