package dev.cloudsift.core.input;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A file on disk, read in place (or a temporary spool of an archive member, whose origin is the archive);
 * {@code damage} says why a spooled archive member is incomplete, or is null.
 */
record DiskFile(Path path, String displayPath, long size, boolean temporary, Origin origin, String damage)
        implements InputUnit {
    DiskFile(Path path, String displayPath, long size, boolean temporary, Origin origin) {
        this(path, displayPath, size, temporary, origin, null);
    }

    @Override
    public InputStream openRaw() throws IOException {
        return Files.newInputStream(path);
    }

    @Override
    public void release() {
        if (temporary) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException ignored) {
                // A temporary file left behind is cleaned with its folder when the walker closes.
            }
        }
    }
}
