package dev.cloudsift.report.export;

import dev.cloudsift.core.Nullable;
import dev.cloudsift.investigate.CaseTables;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;

/**
 * The original record of an event row, for {@code export --raw}. Today the case keeps it only as CloudTrail's
 * {@code raw} column; {@link #read} is the one place to point at kept evidence instead.
 */
public final class OriginalRecords implements AutoCloseable {
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

    private final @Nullable PreparedStatement cloudtrail;

    private OriginalRecords(@Nullable PreparedStatement cloudtrail) {
        this.cloudtrail = cloudtrail;
    }

    public static OriginalRecords open(Connection connection) throws SQLException {
        boolean kept = CaseTables.exists(connection, "cloudtrail") && CaseTables.columns(connection, "cloudtrail").contains("raw");
        return new OriginalRecords(kept ? connection.prepareStatement("SELECT CAST(raw AS VARCHAR) FROM cloudtrail WHERE row_id = ?") : null);
    }

    /** The original record of one event row. */
    public Original read(long rowId, @Nullable String source) throws SQLException {
        if (!"cloudtrail".equals(source) || cloudtrail == null) {
            return Original.missing("original record not kept: this case keeps the original record of CloudTrail events only");
        }
        cloudtrail.setLong(1, rowId);
        try (ResultSet result = cloudtrail.executeQuery()) {
            if (!result.next() || result.getString(1) == null) {
                return Original.missing("original record gone: the case no longer holds it");
            }
            String text = result.getString(1);
            if (text.length() > MAX_CHARS) {
                return new Original(text.substring(0, MAX_CHARS) + "…[cut at " + MAX_CHARS + " characters]", null);
            }
            return new Original(text, null);
        }
    }

    @Override
    public void close() throws SQLException {
        if (cloudtrail != null) {
            cloudtrail.close();
        }
    }
}
