package dev.cloudsift.investigate.gaps;

import java.util.List;

/**
 * What offline digest validation established.
 *
 * @param digests              digests in the case
 * @param logFilesListed       log files the digests list
 * @param logFilesVerified     listed log files present with the listed hash
 * @param signaturesVerified   digests whose signature (from the next digest) verified with a given key
 * @param signaturesUnchecked  digests whose signature could not be checked (no key given, or the newest of a chain)
 * @param issues               everything wrong, most serious first
 */
public record DigestReport(long digests, long logFilesListed, long logFilesVerified, long signaturesVerified,
        long signaturesUnchecked, List<DigestIssue> issues) {
    public DigestReport {
        issues = List.copyOf(issues);
    }
}
