package dev.cloudsift.cli;

import dev.cloudsift.investigate.gaps.DigestPublicKeys;
import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;

/** Loads {@code --public-key} files; a missing or unusable file is a usage error naming it. */
final class PublicKeys {
    private PublicKeys() {}

    static List<PublicKey> load(List<Path> files) {
        List<PublicKey> keys = new ArrayList<>();
        for (Path file : files) {
            try {
                keys.addAll(DigestPublicKeys.load(file));
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            } catch (IOException e) {
                throw new UsageException("cannot read --public-key " + file + ": " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : " " + e.getMessage()));
            }
        }
        return keys;
    }
}
