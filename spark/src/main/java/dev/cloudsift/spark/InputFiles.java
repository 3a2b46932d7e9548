package dev.cloudsift.spark;

import dev.cloudsift.core.input.InputUnit;
import dev.cloudsift.core.input.InputWalker;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    static List<Listed> list(List<String> inputs, Map<String, String> hadoop, Path caseFolder) {
        List<Listed> listed = new ArrayList<>();
        List<Path> local = new ArrayList<>();
        for (String input : inputs) {
            if (remote(input)) {
                listRemote(input, hadoop, listed);
            } else {
                local.add(Path.of(input.startsWith("file://") ? URI.create(input).getPath() : input).toAbsolutePath().normalize());
            }
        }
        listLocal(local, caseFolder, listed);
        listed.sort((a, b) -> a.name().compareTo(b.name()));
        return listed;
    }

    /**
     * Lists local files and folders with the local ingest's walker: the same order, the same symbolic link rules
     * (followed while they stay inside the folder given; leaving it, dangling or looping listed as not read with the
     * same reasons), the case's own files passed over. Archives are expanded later, where each file is read.
     */
    private static void listLocal(List<Path> roots, Path caseFolder, List<Listed> listed) {
        try (InputWalker walker = new InputWalker(caseFolder)) {
            walker.list(roots, new InputWalker.Sink() {
                @Override
                public void unit(InputUnit unit) {
                    listed.add(new Listed(unit.displayPath(), unit.size(), null));
                    unit.release();
                }

                @Override
                public void problem(String displayPath, long size, String reason) {
                    listed.add(new Listed(displayPath, size, reason));
                }
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while listing the inputs", e);
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
