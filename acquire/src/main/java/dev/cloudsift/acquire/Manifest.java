package dev.cloudsift.acquire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cloudsift.core.Json;
import dev.cloudsift.core.Nullable;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The chain of custody of an acquisition folder: {@code manifest.jsonl}, one line per file (where it came from,
 * when, its size, ETag and SHA-256). Lines are appended as files land, so an interrupted run keeps its record;
 * {@link #finish} rewrites it sorted by path so two acquisitions of the same data give the same manifest.
 */
public final class Manifest {
    public static final String FILE = "manifest.jsonl";
    public static final String SUMMARY = "manifest-summary.json";

    /** One acquired file. path is relative to the acquisition folder, with / separators. */
    public record Entry(String path, String source, String origin, @Nullable String region, Instant fetchedAt, long size,
                        @Nullable String etag, String sha256, String verification) {
        public Entry {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(origin, "origin");
            Objects.requireNonNull(fetchedAt, "fetchedAt");
            Objects.requireNonNull(sha256, "sha256");
            Objects.requireNonNull(verification, "verification");
        }

        String toJson() {
            StringWriter text = new StringWriter();
            try (JsonGenerator generator = Json.FACTORY.createGenerator(text)) {
                generator.writeStartObject();
                generator.writeStringField("path", path);
                generator.writeStringField("source", source);
                generator.writeStringField("origin", origin);
                generator.writeStringField("region", region);
                generator.writeStringField("fetched_at", fetchedAt.toString());
                generator.writeNumberField("size", size);
                generator.writeStringField("etag", etag);
                generator.writeStringField("sha256", sha256);
                generator.writeStringField("verification", verification);
                generator.writeEndObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return text.toString();
        }

        static Entry fromJson(JsonNode node) {
            return new Entry(node.path("path").asText(), node.path("source").asText(), node.path("origin").asText(),
                    node.path("region").isNull() ? null : node.path("region").asText(null),
                    Instant.parse(node.path("fetched_at").asText()), node.path("size").asLong(),
                    node.path("etag").isNull() ? null : node.path("etag").asText(null), node.path("sha256").asText(),
                    node.path("verification").asText());
        }
    }

    private final Path folder;
    private final Map<String, Entry> entries = new TreeMap<>();
    private final BufferedWriter writer;

    private Manifest(Path folder) throws IOException {
        this.folder = folder;
        Path file = folder.resolve(FILE);
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    Entry entry = Entry.fromJson(Json.MAPPER.readTree(line));
                    entries.put(entry.path(), entry);
                } catch (IOException | RuntimeException e) {
                    // A line cut by an interruption: its file is simply fetched again.
                }
            }
        } catch (NoSuchFileException e) {
            // A new acquisition.
        }
        this.writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** Opens (or starts) the manifest of an acquisition folder. */
    public static Manifest open(Path folder) throws IOException {
        Files.createDirectories(folder);
        return new Manifest(folder);
    }

    public Path folder() {
        return folder;
    }

    public synchronized @Nullable Entry entry(String path) {
        return entries.get(path);
    }

    public synchronized List<Entry> entries() {
        return List.copyOf(entries.values());
    }

    /** Records a file that landed; the line is flushed at once so an interruption keeps it. */
    public synchronized void record(Entry entry) throws IOException {
        entries.put(entry.path(), entry);
        writer.write(entry.toJson());
        writer.write('\n');
        writer.flush();
    }

    /** Writes an API answer as a file (temp name, then an atomic rename) and records it. */
    public Entry writeApiFile(String path, byte[] content, String source, String origin, @Nullable String region) throws IOException {
        Path target = resolve(path);
        Files.createDirectories(target.getParent());
        Path temporary = target.resolveSibling(target.getFileName() + ".part");
        Files.write(temporary, content);
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Entry entry = new Entry(path, source, origin, region, Instant.now(), content.length, null,
                HexFormat.of().formatHex(sha256().digest(content)), "sha-256 of the API answer as written");
        record(entry);
        return entry;
    }

    /** The file a relative manifest path names; refuses paths that would leave the folder (hostile S3 keys). */
    public Path resolve(String path) {
        Path target = folder.resolve(path).normalize();
        if (!target.startsWith(folder.normalize()) || target.equals(folder.normalize())) {
            throw new IllegalArgumentException("path leaves the acquisition folder: " + path);
        }
        return target;
    }

    /** Sorts and rewrites the manifest (atomically) and writes the summary. */
    public synchronized void finish(ObjectNode summary) throws IOException {
        writer.close();
        Path sorted = folder.resolve(FILE + ".part");
        try (BufferedWriter out = Files.newBufferedWriter(sorted, StandardCharsets.UTF_8)) {
            for (Entry entry : entries.values()) {
                out.write(entry.toJson());
                out.write('\n');
            }
        }
        Files.move(sorted, folder.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Map<String, long[]> bySource = new TreeMap<>();
        for (Entry entry : entries.values()) {
            long[] counts = bySource.computeIfAbsent(entry.source(), source -> new long[2]);
            counts[0]++;
            counts[1] += entry.size();
        }
        ObjectNode sources = summary.putObject("sources");
        bySource.forEach((source, counts) -> sources.putObject(source).put("files", counts[0]).put("bytes", counts[1]));
        summary.put("files", entries.size());
        summary.put("bytes", entries.values().stream().mapToLong(Entry::size).sum());
        summary.put("manifest_sha256", HexFormat.of().formatHex(sha256().digest(Files.readAllBytes(folder.resolve(FILE)))));
        Path summaryTemporary = folder.resolve(SUMMARY + ".part");
        Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(summaryTemporary.toFile(), summary);
        Files.move(summaryTemporary, folder.resolve(SUMMARY), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Closes without rewriting (after an interruption the appended lines stand). */
    public synchronized void close() throws IOException {
        writer.close();
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    /** SHA-256 of a file, hex. */
    public static String sha256(Path file) throws IOException {
        MessageDigest digest = sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            int read;
            while ((read = in.read(buffer)) > 0) {
                digest.update(buffer, 0, read);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static List<Entry> read(Path folder) throws IOException {
        List<Entry> read = new ArrayList<>();
        for (String line : Files.readAllLines(folder.resolve(FILE))) {
            if (!line.isBlank()) {
                read.add(Entry.fromJson(Json.MAPPER.readTree(line)));
            }
        }
        return read;
    }
}
