package dev.cloudsift.report.export;

import dev.cloudsift.core.Nullable;
import dev.cloudsift.store.CaseStore;
import dev.cloudsift.store.evidence.EvidenceMode;
import dev.cloudsift.store.evidence.RawRecords;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Set;

/**
 * The original record of an exported event, for {@code export --raw}, read from the evidence the case keeps: the
 * export query carries each event's pointer ({@link #POINTER_COLUMNS} beside {@code origin_offset}), which
 * {@link RawRecords} follows into the evidence file, whatever the event's source.
 */
public final class OriginalRecords {
    /** The columns the export query adds for the pointer when originals are asked for; writers leave them out. */
    public static final Set<String> POINTER_COLUMNS = Set.of("origin_length", "origin_envelope", "evidence_sha256",
            "evidence_member", "evidence_mode", "original_path");
    /** Longest original record an export line carries; longer ones are cut and say so. */
    static final int MAX_CHARS = 1 << 20;
    /** Decompressed evidence held between records, so that an export reads each file once rather than per record. */
    static final long CACHE_BYTES = 64L * 1024 * 1024;

    private final RawRecords records;

    /** The record's text, or why there is none. */
    public record Original(@Nullable String text, @Nullable String missing) {
        public Original {
            if ((text == null) == (missing == null)) {
                throw new IllegalArgumentException("exactly one of text and missing");
            }
        }

        static Original missing(String reason) {
            return new Original(null, Objects.requireNonNull(reason, "reason"));
        }
    }

    /** Originals of the events of {@code store}. */
    public OriginalRecords(CaseStore store) {
        this.records = new RawRecords(Objects.requireNonNull(store, "store"), CACHE_BYTES);
    }

    /** Whether {@code column} is one of the pointer's, not an event field to export. */
    public static boolean isPointerColumn(String column) {
        return POINTER_COLUMNS.contains(column);
    }

    /** The original record of the export query's current row. */
    public Original read(ResultSet row) throws SQLException {
        String mode = row.getString("evidence_mode");
        if (row.getString("origin_file") == null && row.getString("evidence_sha256") == null) {
            return Original.missing("original record not kept: Cloudsift derived this event, no input holds it");
        }
        RawRecords.Pointer pointer;
        try {
            pointer = new RawRecords.Pointer(row.getLong("row_id"), row.getString("source"), row.getString("origin_file"),
                    longOr(row, "origin_offset"), -1, longOr(row, "origin_length"), row.getString("origin_envelope"),
                    row.getString("evidence_sha256"), row.getString("evidence_member"),
                    mode == null ? null : EvidenceMode.fromColumn(mode), row.getString("original_path"));
        } catch (IllegalArgumentException e) {
            return Original.missing("original record gone: " + e.getMessage());
        }
        byte[] bytes;
        try {
            bytes = records.read(pointer).bytes();
        } catch (IOException | RuntimeException e) {
            // a missing, changed or damaged evidence file costs this record its original, not the export
            return Original.missing("original record gone: " + e.getMessage());
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.length() > MAX_CHARS) {
            return new Original(text.substring(0, MAX_CHARS) + "…[cut at " + MAX_CHARS + " characters]", null);
        }
        return new Original(text, null);
    }

    private static long longOr(ResultSet row, String column) throws SQLException {
        long value = row.getLong(column);
        return row.wasNull() ? -1 : value;
    }
}
