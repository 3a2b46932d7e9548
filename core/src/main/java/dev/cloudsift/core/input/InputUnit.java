package dev.cloudsift.core.input;

import dev.cloudsift.core.Nullable;
import java.io.IOException;
import java.io.InputStream;

/** One file to ingest: a file on disk, an archive member, or a member spooled out of a streamed archive. */
public interface InputUnit {
    /** Path shown to people and stored as {@code origin_file}; archive members as {@code outer!/member}. */
    String displayPath();

    /** Size of the raw (possibly compressed) bytes, or -1 when unknown. */
    long size();

    /** A fresh stream over the raw bytes; may be called more than once. */
    InputStream openRaw() throws IOException;

    /** Why the unit is incomplete (an archive that ends inside this member), or null when it is whole. */
    default String damage() {
        return null;
    }

    /** The file on disk these bytes come from and the member path inside it, or null when not from a file. */
    default @Nullable Origin origin() {
        return null;
    }

    /** Frees what the unit holds (a spooled temporary file); called once the unit is done. */
    default void release() {}
}
