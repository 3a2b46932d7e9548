package dev.cloudsift.report.export;

import dev.cloudsift.core.Nullable;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;

/**
 * The original record of an exported event, for {@code export --raw}. Today the case keeps it only as CloudTrail's
 * {@code raw} column, which the export query joins in as {@link #COLUMN}; {@link #read} is the one place to point
 * at kept evidence instead (the row also holds {@code row_id}, {@code origin_file} and {@code origin_offset}).
 */
public final class OriginalRecords {
    /** The export query's column holding the original record, present only when originals are asked for. */
    public static final String COLUMN = "original_record";
    /** Longest original record an export line carries; longer ones are cut and say so. */
    static final int MAX_CHARS = 1 << 20;

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

    private OriginalRecords() {}

    /** The original record of the export query's current row. */
    public static Original read(ResultSet row) throws SQLException {
        if (!"cloudtrail".equals(row.getString("source"))) {
            return Original.missing("original record not kept: this case keeps the original record of CloudTrail events only");
        }
        String text = row.getString(COLUMN);
        if (text == null) {
            return Original.missing("original record gone: the case no longer holds it");
        }
        if (text.length() > MAX_CHARS) {
            return new Original(text.substring(0, MAX_CHARS) + "…[cut at " + MAX_CHARS + " characters]", null);
        }
        return new Original(text, null);
    }
}
