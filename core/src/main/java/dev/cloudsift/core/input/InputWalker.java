package dev.cloudsift.core.input;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * Expands files, folders (recursively, in name order) and archives (zip, tar, either compressed, nested)
 * into {@link InputUnit}s. Archives are recognised by magic bytes, never by name. Zip members stay in the
 * archive; tar members are spooled to a private temporary folder because tar can only be read in order.
 */
public final class InputWalker implements Closeable {
    /** Archives nested deeper than this are reported, not expanded. */
    public static final int MAX_ARCHIVE_DEPTH = 4;

    /** Receives what the walk finds. */
    public interface Sink {
        void unit(InputUnit unit) throws InterruptedException;

        /** A path that could not be walked (unreadable, broken archive); the walk goes on. */
        void problem(String displayPath, long size, String reason) throws InterruptedException;
    }

    private final List<ZipFile> openArchives = new ArrayList<>();
    private Path spoolFolder;

    public void walk(List<Path> roots, Sink sink) throws InterruptedException {
        for (Path root : roots) {
            if (Files.isDirectory(root)) {
                walkFolder(root, sink);
            } else if (Files.isRegularFile(root)) {
                expand(disk(root), 0, sink);
            } else {
                sink.problem(root.toString(), -1, "no such file or folder");
            }
        }
    }

    private void walkFolder(Path folder, Sink sink) throws InterruptedException {
        List<Path> files;
        try (Stream<Path> stream = Files.walk(folder)) {
            files = stream.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .sorted(Comparator.comparing(Path::toString))
                    .toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            sink.problem(folder.toString(), -1, "cannot list folder: " + e.getMessage());
            return;
        }
        for (Path file : files) {
            expand(disk(file), 0, sink);
        }
    }

    private static InputUnit disk(Path file) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            size = -1;
        }
        return new DiskFile(file, file.toString(), size, false, new Origin(file, null));
    }

    private void expand(InputUnit unit, int depth, Sink sink) throws InterruptedException {
        CompressionKind outer;
        try (InputStream raw = unit.openRaw()) {
            byte[] head = new byte[512];
            outer = CompressionKind.detect(head, Decompression.readFully(raw, head));
        } catch (IOException e) {
            sink.problem(unit.displayPath(), unit.size(), "cannot read: " + e.getMessage());
            unit.release();
            return;
        }
        if (outer == CompressionKind.ZIP) {
            expandZip(unit, depth, sink);
            return;
        }
        if (outer == CompressionKind.GZIP || outer == CompressionKind.BZIP2 || outer == CompressionKind.TAR) {
            try (InputStream raw = unit.openRaw()) {
                Decompression.Opened opened = Decompression.open(raw, unit.size());
                if (opened.innerKind() == CompressionKind.TAR) {
                    expandTar(unit, opened.content(), depth, sink);
                    return;
                }
                if (opened.innerKind() == CompressionKind.ZIP) {
                    InputUnit inflated = spool(opened.content(), unit.displayPath() + "!/", unit.size(), unit.origin());
                    unit.release();
                    expandZip(inflated, depth, sink);
                    return;
                }
            } catch (IOException e) {
                // Truncated or corrupt compression: the ingest reads what it can and quarantines the rest.
            }
        }
        sink.unit(unit);
    }

    private void expandZip(InputUnit unit, int depth, Sink sink) throws InterruptedException {
        if (depth >= MAX_ARCHIVE_DEPTH) {
            sink.problem(unit.displayPath(), unit.size(), "archive nested deeper than " + MAX_ARCHIVE_DEPTH + " levels");
            unit.release();
            return;
        }
        ZipFile zip;
        try {
            Path path = unit instanceof DiskFile file ? file.path() : ((DiskFile) spool(unit)).path();
            zip = ZipFile.builder().setPath(path).get();
        } catch (IOException | RuntimeException e) {
            sink.problem(unit.displayPath(), unit.size(), "broken zip archive: " + e.getMessage());
            unit.release();
            return;
        }
        synchronized (openArchives) {
            openArchives.add(zip);
        }
        List<ZipArchiveEntry> entries = new ArrayList<>();
        for (Enumeration<ZipArchiveEntry> e = zip.getEntries(); e.hasMoreElements(); ) {
            ZipArchiveEntry entry = e.nextElement();
            if (!entry.isDirectory()) {
                entries.add(entry);
            }
        }
        entries.sort(Comparator.comparing(ZipArchiveEntry::getName));
        for (ZipArchiveEntry entry : entries) {
            if (!zip.canReadEntryData(entry)) {
                sink.problem(unit.displayPath() + "!/" + entry.getName(), entry.getCompressedSize(),
                        "zip member uses an unsupported method or encryption");
                continue;
            }
            expand(new ZipMember(zip, entry, unit.displayPath() + "!/" + entry.getName(), inside(unit, entry.getName())),
                    depth + 1, sink);
        }
    }

    private void expandTar(InputUnit unit, InputStream content, int depth, Sink sink) throws InterruptedException {
        if (depth >= MAX_ARCHIVE_DEPTH) {
            sink.problem(unit.displayPath(), unit.size(), "archive nested deeper than " + MAX_ARCHIVE_DEPTH + " levels");
            unit.release();
            return;
        }
        try (TarArchiveInputStream tar = new TarArchiveInputStream(content)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (!entry.isFile()) {
                    continue;
                }
                InputUnit member = spool(tar, unit.displayPath() + "!/" + entry.getName(), entry.getSize(),
                        inside(unit, entry.getName()));
                expand(member, depth + 1, sink);
            }
        } catch (IOException e) {
            sink.problem(unit.displayPath(), unit.size(), "tar archive ends early or is corrupt: " + e.getMessage());
        } finally {
            unit.release();
        }
    }

    private InputUnit spool(InputUnit unit) throws IOException {
        try (InputStream in = unit.openRaw()) {
            InputUnit spooled = spool(in, unit.displayPath(), unit.size(), unit.origin());
            unit.release();
            return spooled;
        }
    }

    /** Evidence addresses a member inside the outermost archive on disk, whatever was spooled on the way. */
    private static Origin inside(InputUnit archive, String name) {
        return archive.origin() == null ? null : archive.origin().inside(name);
    }

    private synchronized InputUnit spool(InputStream in, String displayPath, long size, Origin origin) throws IOException {
        if (spoolFolder == null) {
            spoolFolder = Files.createTempDirectory("cloudsift-spool");
        }
        Path file = Files.createTempFile(spoolFolder, "member", ".bin");
        Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        return new DiskFile(file, displayPath, Files.size(file), true, origin);
    }

    @Override
    public void close() {
        synchronized (openArchives) {
            for (ZipFile zip : openArchives) {
                try {
                    zip.close();
                } catch (IOException ignored) {
                    // closing a read-only archive cannot lose data
                }
            }
            openArchives.clear();
        }
        if (spoolFolder != null) {
            try (Stream<Path> files = Files.walk(spoolFolder)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // best effort: the folder is in the system's temporary space
            }
        }
    }
}
