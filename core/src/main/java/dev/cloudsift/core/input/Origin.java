package dev.cloudsift.core.input;

import dev.cloudsift.core.Nullable;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where an input unit's bytes live on disk as given: the outermost file, and for an archive member its path
 * inside (nested members joined by {@code !/}), so evidence keeps an archive once and addresses members in it.
 */
public record Origin(Path file, @Nullable String member) {
    public Origin {
        Objects.requireNonNull(file, "file");
    }

    /** The origin of a member named {@code name} inside the unit this origin describes. */
    public Origin inside(String name) {
        return new Origin(file, member == null ? name : member + "!/" + name);
    }
}
