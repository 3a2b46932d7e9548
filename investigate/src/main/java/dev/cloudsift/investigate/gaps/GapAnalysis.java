package dev.cloudsift.investigate.gaps;

import dev.cloudsift.core.Nullable;
import dev.cloudsift.investigate.CaseTables;
import java.security.PublicKey;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The gap analyses of one case, run together for {@code cloudsift gaps}, {@code investigate} and the report.
 *
 * @param silences as found, by account, region, source and time
 * @param ranked   the same silences with their causes, tampering-linked first, then the longest
 * @param pauses   each trail stop paired with its restart and the silence it caused
 */
public record GapAnalysis(List<TamperingEvent> tampering, List<Silence> silences, @Nullable DigestReport digests,
        List<CoverageRow> coverage, boolean hasCloudTrail, boolean keysGiven, List<RankedSilence> ranked,
        List<LoggingPause> pauses) {
    public GapAnalysis {
        tampering = List.copyOf(tampering);
        silences = List.copyOf(silences);
        coverage = List.copyOf(coverage);
        ranked = List.copyOf(ranked);
        pauses = List.copyOf(pauses);
    }

    public static GapAnalysis run(Connection connection, List<PublicKey> keys) throws SQLException {
        List<TamperingEvent> tampering = new LoggingTampering(connection).find();
        List<Silence> silences = new Silences(connection).find();
        List<LoggingPause> pauses = new SilenceRanking(connection).pauses(silences);
        return new GapAnalysis(tampering, silences, new DigestValidation(connection, keys).validate(),
                new Coverage(connection).find(), CaseTables.exists(connection, "cloudtrail"), !keys.isEmpty(),
                SilenceRanking.rank(silences, tampering, pauses), pauses);
    }

    /** How many things an analyst must look at: tampering calls, silences and integrity problems. */
    public int problemCount() {
        return tampering.size() + silences.size() + (digests == null ? 0 : digests.issues().size());
    }

    /** The account/regions judged for coverage (not regions known only from a few calls). */
    public List<CoverageRow> coverageInScope() {
        return coverage.stream().filter(CoverageRow::inScope).toList();
    }
}
