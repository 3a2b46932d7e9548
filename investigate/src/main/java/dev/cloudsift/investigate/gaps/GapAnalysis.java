package dev.cloudsift.investigate.gaps;

import dev.cloudsift.core.Nullable;
import dev.cloudsift.investigate.CaseTables;
import java.security.PublicKey;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** The four gap analyses of one case, run together for {@code cloudsift gaps}, {@code investigate} and the report. */
public record GapAnalysis(List<TamperingEvent> tampering, List<Silence> silences, @Nullable DigestReport digests,
        List<CoverageRow> coverage, boolean hasCloudTrail, boolean keysGiven) {
    public GapAnalysis {
        tampering = List.copyOf(tampering);
        silences = List.copyOf(silences);
        coverage = List.copyOf(coverage);
    }

    public static GapAnalysis run(Connection connection, List<PublicKey> keys) throws SQLException {
        return new GapAnalysis(new LoggingTampering(connection).find(), new Silences(connection).find(),
                new DigestValidation(connection, keys).validate(), new Coverage(connection).find(),
                CaseTables.exists(connection, "cloudtrail"), !keys.isEmpty());
    }

    /** How many things an analyst must look at: tampering calls, silences and integrity problems. */
    public int problemCount() {
        return tampering.size() + silences.size() + (digests == null ? 0 : digests.issues().size());
    }
}
