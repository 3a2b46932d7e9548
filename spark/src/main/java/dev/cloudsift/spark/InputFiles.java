package dev.cloudsift.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Set;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.EtagSource;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * Lists the files an ingest reads, on the driver, and gives an executor a local file to read for each: a local
 * path as it is, an object behind a Hadoop file system URI ({@code s3a://bucket/prefix}, {@code hdfs://…}) copied
 * to a temporary file first, so the readers, the archive walker and the hash see an ordinary file.
 */
final class InputFiles {
    /**
     * One listed input: its name as shown and stored (path or URI), or why it cannot be read; for an object behind
     * a Hadoop file system, what identifies the exact object listed (modification time, and the ETag and version id
     * where the store gives them, as S3A does), which the ledger keeps as its evidence reference.
     */
    record Listed(String name, long size, String problem, Long mtimeMillis, String etag, String versionId)
            implements Serializable {
        Listed(String name, long size, String problem) {
            this(name, size, problem, null, null, null);
        }
    }

    private InputFiles() {}

    /** Whether the input names an object behind a Hadoop file system rather than a local path. */
    static boolean remote(String input) {
        int colon = input.indexOf("://");
        return colon > 1 && !input.startsWith("file://");
    }

    /** Every file under the inputs, sorted by name (the order that decides which copy of a record is kept). */
    static List<Listed> list(List<String> inputs, Map<String, String> hadoop, Path skip) {
        List<Listed> listed = new ArrayList<>();
        for (String input : inputs) {
            if (remote(input)) {
                listRemote(input, hadoop, listed);
            } else {
                listLocal(Path.of(input.startsWith("file://") ? URI.create(input).getPath() : input).toAbsolutePath().normalize(),
                        skip == null ? null : skip.toAbsolutePath().normalize(), listed);
            }
        }
        listed.sort((a, b) -> a.name().compareTo(b.name()));
        return listed;
    }

    /**
     * Lists a local file or folder as the local ingest's walker does: folders in name order, symbolic links followed
     * while their real path stays inside the real path of the folder given, and every link that leaves it, dangles
     * or loops listed as not read with the same reason.
     */
    private static void listLocal(Path root, Path skip, List<Listed> listed) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(root, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            listed.add(new Listed(root.toString(), -1, Files.isSymbolicLink(root)
                    ? "broken symbolic link to " + linkTarget(root) : "no such file or folder"));
            return;
        } catch (IOException e) {
            listed.add(new Listed(root.toString(), -1, "cannot read: " + e.getMessage()));
            return;
        }
        if (attributes.isRegularFile()) {
            listed.add(new Listed(root.toString(), attributes.size(), null));
        } else if (attributes.isDirectory()) {
            try {
                Path real = root.toRealPath();
                Path skipReal = skip == null || !Files.exists(skip) ? skip : skip.toRealPath();
                walk(root, real, real, new HashSet<>(Set.of(real)), skip, skipReal, listed);
            } catch (IOException e) {
                listed.add(new Listed(root.toString(), -1, "cannot resolve folder: " + e.getMessage()));
            }
        } else {
            listed.add(new Listed(root.toString(), -1, "refused: not a regular file"));
        }
    }

    private static void walk(Path folder, Path realFolder, Path tree, Set<Path> ancestors, Path skip, Path skipReal,
                             List<Listed> listed) {
        if (skip != null && (folder.startsWith(skip) || realFolder.startsWith(skipReal))) {
            return;
        }
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder)) {
            stream.forEach(entries::add);
        } catch (IOException | DirectoryIteratorException e) {
            listed.add(new Listed(folder.toString(), -1, "unreadable folder, not read: " + e.getMessage()));
            return;
        }
        entries.sort(null);
        for (Path entry : entries) {
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                listed.add(new Listed(entry.toString(), -1, "cannot read: " + e.getMessage()));
                continue;
            }
            Path real = realFolder.resolve(entry.getFileName());
            if (attributes.isSymbolicLink()) {
                try {
                    real = entry.toRealPath();
                    attributes = Files.readAttributes(real, BasicFileAttributes.class);
                } catch (IOException e) {
                    listed.add(new Listed(entry.toString(), -1, "not read: broken symbolic link to " + linkTarget(entry)));
                    continue;
                }
                if (!real.startsWith(tree)) {
                    listed.add(new Listed(entry.toString(), -1, "not read: symbolic link leads outside " + tree + " to " + real));
                    continue;
                }
            }
            if (attributes.isDirectory()) {
                if (ancestors.contains(real)) {
                    listed.add(new Listed(entry.toString(), -1, "not read: symbolic link loop back to " + real));
                    continue;
                }
                ancestors.add(real);
                walk(entry, real, tree, ancestors, skip, skipReal, listed);
                ancestors.remove(real);
            } else if (attributes.isRegularFile()) {
                if (skipReal == null || !real.startsWith(skipReal)) {
                    listed.add(new Listed(entry.toString(), attributes.size(), null));
                }
            } else {
                listed.add(new Listed(entry.toString(), -1, "refused: not a regular file"));
            }
        }
    }

    private static String linkTarget(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return "(unreadable target)";
        }
    }

    private static void listRemote(String input, Map<String, String> hadoop, List<Listed> listed) {
        try {
            org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(input);
            FileSystem fs = root.getFileSystem(configuration(hadoop));
            RemoteIterator<LocatedFileStatus> files = fs.listFiles(root, true);
            while (files.hasNext()) {
                LocatedFileStatus status = files.next();
                String etag = status instanceof EtagSource tagged ? tagged.getEtag() : null;
                listed.add(new Listed(status.getPath().toString(), status.getLen(), null,
                        status.getModificationTime() > 0 ? status.getModificationTime() : null, etag, versionId(status)));
            }
        } catch (IOException | RuntimeException e) {
            listed.add(new Listed(input, -1, "cannot list: " + e.getMessage()));
        }
    }

    /** The object's version id where the store reported one (S3A does for a versioned bucket); null otherwise. */
    private static String versionId(LocatedFileStatus status) {
        // S3A's own status class is on the class path only where S3A is: never touched for other file systems
        if (!status.getPath().toUri().getScheme().startsWith("s3")) {
            return null;
        }
        try {
            return status instanceof org.apache.hadoop.fs.s3a.S3ALocatedFileStatus s3 ? s3.getVersionId() : null;
        } catch (NoClassDefFoundError e) {
            return null;
        }
    }

    static Configuration configuration(Map<String, String> entries) {
        Configuration configuration = new Configuration();
        entries.forEach(configuration::set);
        return configuration;
    }

    /** The Hadoop settings an executor needs to reach the same file systems as the driver. */
    static Map<String, String> entries(Configuration configuration) {
        Map<String, String> entries = new HashMap<>();
        for (Map.Entry<String, String> entry : configuration) {
            entries.put(entry.getKey(), entry.getValue());
        }
        return entries;
    }

    /** A local file holding the input's bytes: the file itself, or a temporary copy of a remote object. */
    static final class Local implements AutoCloseable {
        final Path path;
        private final boolean temporary;

        private Local(Path path, boolean temporary) {
            this.path = path;
            this.temporary = temporary;
        }

        static Local of(String name, Map<String, String> hadoop) throws IOException {
            if (!remote(name)) {
                return new Local(Path.of(name), false);
            }
            Path copy = Files.createTempFile("cloudsift-input-", ".bin");
            org.apache.hadoop.fs.Path source = new org.apache.hadoop.fs.Path(name);
            try (InputStream in = source.getFileSystem(configuration(hadoop)).open(source)) {
                Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(copy);
                throw e;
            }
            return new Local(copy, true);
        }

        /** Whether the file is a temporary copy of a remote object. */
        boolean temporary() {
            return temporary;
        }

        /** The name a unit read from this copy is shown and stored under: the object's URI, not the copy's path. */
        String shown(String displayPath, String name) {
            return temporary && displayPath.startsWith(path.toString()) ? name + displayPath.substring(path.toString().length())
                    : displayPath;
        }

        @Override
        public void close() throws IOException {
            if (temporary) {
                Files.deleteIfExists(path);
            }
        }
    }
}
