package dev.cloudsift.core.input;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
    private final OwnCaseFiles ownCase;
    private Path spoolFolder;

    /** A walker that reads everything it is given. */
    public InputWalker() {
        this(null);
    }

    /** A walker that passes over the files of the case being written (its folder, {@code caseFolder}; may be null). */
    public InputWalker(Path caseFolder) {
        this.ownCase = new OwnCaseFiles(caseFolder);
    }

    public void walk(List<Path> roots, Sink sink) throws InterruptedException {
        walk(roots, sink, true);
    }

    /**
     * Lists the files under the roots by the same rules as {@link #walk} (name order, symbolic links kept inside the
     * folder given, the case's own files passed over, every path not read reported with its reason) without opening
     * them: each file is handed over as a unit of its own, archives unexpanded. An engine that spreads the reading
     * over machines lists on one and walks each file where it is read.
     */
    public void list(List<Path> roots, Sink sink) throws InterruptedException {
        walk(roots, sink, false);
    }

    private void walk(List<Path> roots, Sink sink, boolean expanding) throws InterruptedException {
        for (Path root : roots) {
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(root, BasicFileAttributes.class);
            } catch (NoSuchFileException e) {
                sink.problem(root.toString(), -1, Files.isSymbolicLink(root)
                        ? "broken symbolic link to " + linkTarget(root) : "no such file or folder");
                continue;
            } catch (IOException e) {
                sink.problem(root.toString(), -1, "cannot read: " + reason(e));
                continue;
            }
            if (attributes.isDirectory()) {
                Path real;
                try {
                    real = root.toRealPath();
                } catch (IOException e) {
                    sink.problem(root.toString(), -1, "cannot resolve folder: " + reason(e));
                    continue;
                }
                walkFolder(root, real, real, new HashSet<>(Set.of(real)), sink, expanding);
            } else if (attributes.isRegularFile()) {
                if (!ownCase.isCaseFile(root)) {
                    found(root, sink, expanding);
                }
            } else {
                sink.problem(root.toString(), -1, notRegular(root));
            }
        }
    }

    /**
     * Reads a folder in name order. Symbolic links are followed while they stay inside {@code tree} (the real path of
     * the folder given), so a link cannot pull in files from elsewhere on the machine; links that leave the tree, loop
     * or dangle are listed with their target, as is every folder that cannot be listed.
     */
    private void walkFolder(Path folder, Path realFolder, Path tree, Set<Path> ancestors, Sink sink, boolean expanding)
            throws InterruptedException {
        if (ownCase.isCaseFolder(realFolder)) {
            return;
        }
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder)) {
            stream.forEach(entries::add);
        } catch (IOException | DirectoryIteratorException e) {
            sink.problem(folder.toString(), -1, "unreadable folder, not read: " + reason(e));
            return;
        }
        // Files in the order of their whole paths, as a sorted recursive listing gives them ("a.json" before
        // "a/x.json" before "a0.json"): a folder sorts as its name followed by the separator.
        entries.sort(Comparator.comparing(p -> p.getFileName().toString()
                + (Files.isDirectory(p) ? p.getFileSystem().getSeparator() : "")));
        for (Path entry : entries) {
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                sink.problem(entry.toString(), -1, "cannot read: " + reason(e));
                continue;
            }
            Path real = realFolder.resolve(entry.getFileName());
            if (attributes.isSymbolicLink()) {
                try {
                    real = entry.toRealPath();
                    attributes = Files.readAttributes(real, BasicFileAttributes.class);
                } catch (IOException e) {
                    sink.problem(entry.toString(), -1, "not read: broken symbolic link to " + linkTarget(entry));
                    continue;
                }
                if (!real.startsWith(tree)) {
                    sink.problem(entry.toString(), -1, "not read: symbolic link leads outside " + tree + " to " + real);
                    continue;
                }
            }
            if (attributes.isDirectory()) {
                if (ancestors.contains(real)) {
                    sink.problem(entry.toString(), -1, "not read: symbolic link loop back to " + real);
                    continue;
                }
                ancestors.add(real);
                walkFolder(entry, real, tree, ancestors, sink, expanding);
                ancestors.remove(real);
            } else if (attributes.isRegularFile()) {
                if (!ownCase.isCaseFile(real)) {
                    found(entry, sink, expanding);
                }
            } else {
                sink.problem(entry.toString(), -1, notRegular(entry));
            }
        }
    }

    private void found(Path file, Sink sink, boolean expanding) throws InterruptedException {
        if (expanding) {
            expand(disk(file), 0, sink);
        } else {
            sink.unit(disk(file));
        }
    }

    /** Says what a path that is neither file nor folder is: reading a pipe or a device could block or never end. */
    private static String notRegular(Path path) {
        String kind = "special file";
        try {
            int mode = (Integer) Files.getAttribute(path, "unix:mode");
            kind = switch (mode & 0170000) {
                case 0010000 -> "named pipe (FIFO)";
                case 0020000 -> "character device";
                case 0060000 -> "block device";
                case 0140000 -> "socket";
                default -> kind;
            };
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            // no unix attributes here: the general word will do
        }
        return "refused: not a regular file but a " + kind;
    }

    private static String linkTarget(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return "(unreadable target)";
        }
    }

    private static String reason(Exception e) {
        Throwable cause = e instanceof DirectoryIteratorException d ? d.getCause() : e;
        if (cause instanceof AccessDeniedException) {
            return "permission denied";
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
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
                InputUnit member = spoolMember(tar, unit.displayPath() + "!/" + entry.getName(), entry.getSize(),
                        inside(unit, entry.getName()));
                expand(member, depth + 1, sink);
                if (member.damage() != null) {
                    // The member carries the break in its ledger row; nothing after it can be read.
                    return;
                }
            }
        } catch (IOException e) {
            sink.problem(unit.displayPath(), unit.size(), "tar archive ends early or is corrupt: " + e.getMessage());
        } finally {
            unit.release();
        }
    }

    /**
     * Spools one tar member. When the archive breaks inside it, the bytes that came out are kept as a unit that says
     * so, so its records are read and its ledger row names the break.
     */
    private InputUnit spoolMember(InputStream tar, String displayPath, long declaredSize, Origin origin)
            throws IOException {
        Path file = spoolFile();
        long written = 0;
        String damage = null;
        try (OutputStream out = Files.newOutputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            int n;
            try {
                while ((n = tar.read(buffer)) > 0) {
                    out.write(buffer, 0, n);
                    written += n;
                }
            } catch (IOException e) {
                String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                damage = "the archive breaks inside this member after " + written + " of its " + declaredSize
                        + " bytes (" + why + "); the records in those bytes are kept";
            }
        }
        if (damage == null && written < declaredSize) {
            damage = "the archive ends inside this member after " + written + " of its " + declaredSize
                    + " bytes; the records in those bytes are kept";
        }
        return new DiskFile(file, displayPath, written, true, origin, damage);
    }

    private synchronized Path spoolFile() throws IOException {
        if (spoolFolder == null) {
            spoolFolder = Files.createTempDirectory("cloudsift-spool");
        }
        return Files.createTempFile(spoolFolder, "member", ".bin");
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

    private InputUnit spool(InputStream in, String displayPath, long size, Origin origin) throws IOException {
        Path file = spoolFile();
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
