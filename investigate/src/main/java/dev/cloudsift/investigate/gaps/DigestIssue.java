package dev.cloudsift.investigate.gaps;

import dev.cloudsift.core.Nullable;
import java.time.Instant;
import java.util.Objects;

/**
 * One integrity problem found by digest validation.
 *
 * @param kind   what is wrong (see {@link Kind})
 * @param time   when it matters: the digest's end time, the log file's delivery
 * @param file   the log file or digest concerned (S3 key or path)
 * @param detail one line for people
 */
public record DigestIssue(Kind kind, @Nullable Instant time, @Nullable String accountId, @Nullable String region,
        String file, String detail) {
    public DigestIssue {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(detail, "detail");
    }

    /** The kinds of problems, most serious first. */
    public enum Kind {
        MODIFIED_LOG_FILE("modified log file"),
        MODIFIED_DIGEST("modified digest"),
        BAD_SIGNATURE("bad signature"),
        MISSING_LOG_FILE("missing log file"),
        MISSING_DIGEST("missing digest"),
        HOURS_WITHOUT_DIGEST("hours without digest"),
        UNEXPECTED_LOG_FILE("log file no digest lists"),
        CHAIN_RESTARTED("chain restarted"),
        LOCATION_MISMATCH("digest found elsewhere than it says"),
        LOG_FILE_NOT_HASHED("log file not hashed");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }
}
