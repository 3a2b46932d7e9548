package dev.cloudsift.core.input;

import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/** A member of a zip archive, opened at random, so members of one archive are read in parallel. */
record ZipMember(ZipFile archive, ZipArchiveEntry entry, String displayPath, Origin origin) implements InputUnit {
    @Override
    public long size() {
        return entry.getCompressedSize();
    }

    @Override
    public InputStream openRaw() throws IOException {
        // The zip's own inflation is guarded too: a member that claims 1 KB and inflates to 10 GB is a bomb.
        return new ExpansionGuard(archive.getInputStream(entry), Math.max(entry.getCompressedSize(), 1));
    }
}
