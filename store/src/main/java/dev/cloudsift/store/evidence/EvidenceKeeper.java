package dev.cloudsift.store.evidence;

import dev.cloudsift.core.Nullable;
import dev.cloudsift.core.input.InputUnit;
import dev.cloudsift.core.input.Origin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Hashes each input of an ingest and keeps its original bytes as evidence in the same pass. A file on disk is
 * copied while it is hashed; an archive is kept once, the first time one of its members is read, and its
 * members are addressed inside it. Shared by the parsing threads.
 */
public final class EvidenceKeeper {
    private final EvidenceStore store;
    private final EvidenceMode mode;
    private final ConcurrentMap<Path, Container> containers = new ConcurrentHashMap<>();

    public EvidenceKeeper(EvidenceStore store, EvidenceMode mode) {
        this.store = Objects.requireNonNull(store, "store");
        this.mode = Objects.requireNonNull(mode, "mode");
    }

    /** The unit's own SHA-256 (its ledger key) and where its original bytes are kept. */
    public record Kept(String sha256, @Nullable EvidenceRef evidence) {}

    private record Container(EvidenceStore.Kept kept, @Nullable Instant mtime) {}

    public EvidenceMode mode() {
        return mode;
    }

    public Kept keep(InputUnit unit) throws IOException {
        Origin origin = unit.origin();
        if (origin == null) {
            return new Kept(EvidenceStore.hash(unit.openRaw()).sha256(), null);
        }
        if (origin.member() == null) {
            // The file itself is the evidence: its ledger hash and its evidence hash come from one read.
            Instant mtime = mtime(origin.file());
            EvidenceStore.Kept kept = mode == EvidenceMode.COPY ? store.keep(unit.openRaw()) : EvidenceStore.hash(unit.openRaw());
            return new Kept(kept.sha256(), ref(origin, new Container(kept, mtime)));
        }
        String own = EvidenceStore.hash(unit.openRaw()).sha256();
        Container archive;
        try {
            archive = containers.computeIfAbsent(origin.file(), this::keepArchive);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return new Kept(own, ref(origin, archive));
    }

    private Container keepArchive(Path file) {
        try {
            Instant mtime = mtime(file);
            EvidenceStore.Kept kept = mode == EvidenceMode.COPY ? store.keep(Files.newInputStream(file))
                    : EvidenceStore.hash(Files.newInputStream(file));
            return new Container(kept, mtime);
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException("cannot keep archive " + file + " as evidence: " + e.getMessage(), e));
        }
    }

    private EvidenceRef ref(Origin origin, Container container) {
        return new EvidenceRef(container.kept().sha256(), origin.member(), mode, origin.file().toAbsolutePath().toString(),
                container.kept().size(), container.mtime());
    }

    private static @Nullable Instant mtime(Path file) {
        try {
            return Files.getLastModifiedTime(file).toInstant();
        } catch (IOException e) {
            return null;
        }
    }
}
