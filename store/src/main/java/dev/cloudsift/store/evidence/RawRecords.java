package dev.cloudsift.store.evidence;

import dev.cloudsift.core.Envelopes;
import dev.cloudsift.core.Nullable;
import dev.cloudsift.core.input.CompressionKind;
import dev.cloudsift.core.input.Decompression;
import dev.cloudsift.store.CaseStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.ArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * Finds a stored record's original bytes: the evidence file (or the referenced original, checked against its
 * hash), decompressed by magic bytes, the archive member, the record's offset and length, and its envelope.
 */
public final class RawRecords {
    /** A record larger than this is refused rather than held in memory. */
    public static final int MAX_RECORD_BYTES = 64 * 1024 * 1024;
    /** Without a recorded length, a record is read up to the end of its line, at most this far. */
    static final int MAX_LINE_BYTES = 1024 * 1024;

    private final CaseStore store;
    private final EvidenceStore evidence;
    private final @Nullable RecentContents recent;

    /** Reads each record afresh: right for a few records, as {@code raw} asks for. */
    public RawRecords(CaseStore store) {
        this(store, 0);
    }

    /**
     * Keeps the decompressed content of recently read evidence, {@code cacheBytes} in all, so that many records of
     * one file (an export) do not decompress, or re-hash, the file once per record; 0 keeps none.
     */
    public RawRecords(CaseStore store, long cacheBytes) {
        this.store = Objects.requireNonNull(store, "store");
        this.evidence = new EvidenceStore(store.evidenceRoot());
        this.recent = cacheBytes > 0 ? new RecentContents(cacheBytes) : null;
    }

    /** A stored record's pointer into its original bytes, as the case records it. */
    public record Pointer(long rowId, String source, String originFile, long offset, long line, long length,
                          @Nullable String envelope, @Nullable String evidenceSha256, @Nullable String member,
                          @Nullable EvidenceMode mode, @Nullable String originalPath) {}

    /** A record's bytes, and in words how they were decoded from their envelope (null when they were not). */
    public record Raw(byte[] bytes, @Nullable String decodedFrom, boolean lengthGuessed) {}

    /** Records whose row id or whose source's own event id is {@code id}, in row order. */
    public List<Pointer> find(String id) throws SQLException, EvidenceException {
        String sql = """
                SELECT e.row_id, e.source, e.origin_file, e.origin_offset, e.origin_length, e.origin_envelope,
                       f.evidence_sha256, f.evidence_member, f.evidence_mode, f.original_path
                FROM events e LEFT JOIN ingest_files f ON f.file_id = e.file_id
                WHERE e.row_id = TRY_CAST(? AS BIGINT) OR e.event_id = ?
                ORDER BY e.row_id""";
        List<Pointer> found = new ArrayList<>();
        try (PreparedStatement statement = store.connection().prepareStatement(sql)) {
            statement.setString(1, id);
            statement.setString(2, id);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    String mode = rows.getString(9);
                    found.add(new Pointer(rows.getLong(1), rows.getString(2), rows.getString(3), longOr(rows, 4),
                            -1, longOr(rows, 5), rows.getString(6), rows.getString(7), rows.getString(8),
                            mode == null ? null : EvidenceMode.fromColumn(mode), rows.getString(10)));
                }
            }
        } catch (SQLException e) {
            if (String.valueOf(e.getMessage()).contains("origin_length") || String.valueOf(e.getMessage()).contains("evidence_")) {
                throw new EvidenceException("this case was written before Cloudsift kept original bytes; "
                        + "ingest its files into a new case to use raw");
            }
            throw e;
        }
        return found;
    }

    /**
     * What is odd about the stored row ({@code events.anomalies}: {@code duplicate_key:eventName}, {@code no_time},
     * ...), so whoever views its bytes learns, say, that a key was written twice; empty for a case older than the column.
     */
    public List<String> anomalies(long rowId) throws SQLException {
        List<String> anomalies = new ArrayList<>();
        try (PreparedStatement statement = store.connection().prepareStatement(
                "SELECT unnest(anomalies) FROM events WHERE row_id = ?")) {
            statement.setLong(1, rowId);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    anomalies.add(rows.getString(1));
                }
            }
        } catch (SQLException e) {
            if (String.valueOf(e.getMessage()).contains("anomalies")) {
                return List.of();
            }
            throw e;
        }
        return anomalies;
    }

    /** The record's bytes as they appear in its file (decoded from its envelope, if it has one). */
    public Raw read(Pointer pointer) throws IOException {
        if (pointer.evidenceSha256() == null || pointer.mode() == null) {
            throw new EvidenceException("the case keeps no original bytes for " + pointer.originFile()
                    + " (ingested before Cloudsift kept evidence)");
        }
        if (pointer.offset() < 0) {
            throw new EvidenceException("the reader of " + pointer.originFile() + " recorded no position for row "
                    + pointer.rowId());
        }
        if (pointer.envelope() != null && pointer.envelope().startsWith(Envelopes.PARQUET_ROW)) {
            return new Raw(parquetRow(original(pointer), pointer), "Parquet row " + pointer.envelope().substring(Envelopes.PARQUET_ROW.length())
                    + " (as JSON)", false);
        }
        byte[] outer;
        // a held content was found (and a reference's hash checked) when it was first read
        byte[] whole = recent == null ? null : recent.content(pointer);
        try (InputStream content = whole != null ? new java.io.ByteArrayInputStream(whole)
                : content(original(pointer), pointer.member())) {
            content.skipNBytes(pointer.offset());
            outer = pointer.length() >= 0 ? read(content, pointer.length()) : line(content);
        }
        if (pointer.envelope() == null) {
            return new Raw(outer, null, pointer.length() < 0);
        }
        byte[] decoded = Envelopes.decode(outer, pointer.envelope());
        return new Raw(decoded, Envelopes.describe(pointer.envelope()) + " of the record at byte " + pointer.offset(),
                pointer.length() < 0);
    }

    /** The file holding the evidence: the case's copy, or the referenced original after checking its hash. */
    Path original(Pointer pointer) throws IOException {
        if (pointer.mode() == EvidenceMode.COPY) {
            Path copy = evidence.pathOf(pointer.evidenceSha256());
            if (!Files.isRegularFile(copy)) {
                throw new EvidenceException("the evidence copy of " + pointer.originFile() + " is missing: " + copy
                        + " (run cloudsift verify)");
            }
            return copy;
        }
        Path referenced = Path.of(pointer.originalPath());
        if (!Files.isRegularFile(referenced)) {
            throw new EvidenceException("the referenced original " + referenced + " is missing (ingested with "
                    + "--evidence reference, so the case holds no copy; put the file back at that path)");
        }
        String now = EvidenceStore.hash(Files.newInputStream(referenced)).sha256();
        if (!now.equals(pointer.evidenceSha256())) {
            throw new EvidenceException("the referenced original " + referenced + " has changed since it was ingested "
                    + "(SHA-256 now " + now + ", recorded " + pointer.evidenceSha256() + ")");
        }
        return referenced;
    }

    /** The decompressed content of a file, or of the member {@code member} inside it (nested with {@code !/}). */
    static InputStream content(Path file, @Nullable String member) throws IOException {
        long size = Files.size(file);
        if (member == null) {
            return Decompression.open(Files.newInputStream(file), size).content();
        }
        String[] names = member.split("!/", -1);
        Decompression.Opened opened = Decompression.open(Files.newInputStream(file), size);
        InputStream current;
        if (opened.layers().isEmpty() && opened.innerKind() == CompressionKind.ZIP) {
            // A zip on disk is read through its central directory, as the ingest read it.
            opened.content().close();
            ZipFile zip = ZipFile.builder().setPath(file).get();
            ZipArchiveEntry entry = zip.getEntry(names[0]);
            if (entry == null) {
                zip.close();
                throw new EvidenceException("archive " + file + " has no member " + names[0]);
            }
            InputStream in = zip.getInputStream(entry);
            current = new java.io.FilterInputStream(in) {
                @Override
                public void close() throws IOException {
                    super.close();
                    zip.close();
                }
            };
            opened = Decompression.open(current, entry.getCompressedSize());
        } else {
            opened = member(opened, names[0], file);
        }
        for (int i = 1; i < names.length; i++) {
            opened = member(opened, names[i], file);
        }
        return opened.content();
    }

    private static Decompression.Opened member(Decompression.Opened archive, String name, Path file) throws IOException {
        ArchiveInputStream<? extends ArchiveEntry> entries = switch (archive.innerKind()) {
            case ZIP -> new ZipArchiveInputStream(archive.content(), "UTF-8", true, true);
            case TAR -> new TarArchiveInputStream(archive.content());
            default -> throw new EvidenceException("evidence " + file + " is not an archive holding " + name);
        };
        ArchiveEntry entry;
        while ((entry = entries.getNextEntry()) != null) {
            if (!entry.isDirectory() && entry.getName().equals(name)) {
                return Decompression.open(entries, entry.getSize());
            }
        }
        entries.close();
        throw new EvidenceException("archive " + file + " has no member " + name);
    }

    private static byte[] read(InputStream in, long length) throws IOException {
        if (length > MAX_RECORD_BYTES) {
            throw new EvidenceException("the record is " + length + " bytes, more than raw prints (" + MAX_RECORD_BYTES + ")");
        }
        byte[] bytes = in.readNBytes((int) length);
        if (bytes.length < length) {
            throw new EvidenceException("the evidence ends " + (length - bytes.length) + " bytes before the record does");
        }
        return bytes;
    }

    private static byte[] line(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n' && out.size() < MAX_LINE_BYTES) {
            out.write(b);
        }
        byte[] bytes = out.toByteArray();
        int end = bytes.length;
        if (end > 0 && bytes[end - 1] == '\r') {
            end--;
        }
        return java.util.Arrays.copyOf(bytes, end);
    }

    /** Row N of a Parquet file as one JSON object, read with an in-memory DuckDB. */
    private static byte[] parquetRow(Path file, Pointer pointer) throws IOException {
        long row = Long.parseLong(pointer.envelope().substring(Envelopes.PARQUET_ROW.length()));
        Path temporary = Files.createTempFile("cloudsift-raw", ".parquet");
        try {
            try (InputStream content = content(file, pointer.member())) {
                Files.copy(content, temporary, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:");
                 PreparedStatement statement = duckdb.prepareStatement(
                         "SELECT CAST(to_json(p) AS VARCHAR) FROM read_parquet(?) p LIMIT 1 OFFSET ?")) {
                statement.setString(1, temporary.toString());
                statement.setLong(2, row);
                try (ResultSet result = statement.executeQuery()) {
                    if (!result.next()) {
                        throw new EvidenceException("the Parquet file has no row " + row);
                    }
                    return result.getString(1).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                }
            } catch (SQLException e) {
                throw new EvidenceException("cannot read the Parquet row: " + e.getMessage());
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /**
     * Decompressed contents of the files read last, least recently used dropped first, bounded in bytes. A file
     * larger than the bound is remembered as such and streamed for each record.
     */
    private final class RecentContents {
        private final long limit;
        private final java.util.LinkedHashMap<String, byte[]> contents = new java.util.LinkedHashMap<>(16, 0.75f, true);
        private final java.util.Set<String> tooLarge = new java.util.HashSet<>();
        private long held;

        RecentContents(long limit) {
            this.limit = limit;
        }

        private static String key(Pointer pointer) {
            return pointer.mode() + " " + pointer.evidenceSha256() + " " + pointer.member() + " " + pointer.originalPath();
        }

        /** The decompressed content the pointer points into, or null when it is larger than the bound. */
        @Nullable byte[] content(Pointer pointer) throws IOException {
            String key = key(pointer);
            byte[] held = contents.get(key);
            if (held != null || tooLarge.contains(key)) {
                return held;
            }
            byte[] read;
            try (InputStream content = RawRecords.content(original(pointer), pointer.member())) {
                read = content.readNBytes((int) Math.min(limit + 1, Integer.MAX_VALUE - 8));
            }
            if (read.length > limit) {
                tooLarge.add(key);
                return null;
            }
            while (this.held + read.length > limit && !contents.isEmpty()) {
                var eldest = contents.entrySet().iterator();
                this.held -= eldest.next().getValue().length;
                eldest.remove();
            }
            contents.put(key, read);
            this.held += read.length;
            return read;
        }
    }

    private static long longOr(ResultSet rows, int column) throws SQLException {
        long value = rows.getLong(column);
        return rows.wasNull() ? -1 : value;
    }
}
