package dev.cloudsift.core;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * One way a log source is written to bytes (CloudTrail S3 delivery, LookupEvents dump, VPC flow text, ...).
 * Found through {@link java.util.ServiceLoader}; recognised by content, never by file name.
 * Implementations are stateless and thread-safe; each {@link #open} returns an independent reader.
 */
public interface LogFormat {
    /** Sniff score for "not mine". */
    int NO = 0;
    /** Sniff score for content that fits but could also fit a more specific format. */
    int WEAK = 10;
    /** Sniff score for content only this format writes. */
    int STRONG = 100;

    /** Stable identifier stored in the ledger, e.g. {@code cloudtrail.s3}. */
    String name();

    /** One line for people: what this format is and where it comes from. */
    String description();

    /** The source tables this format writes. Formats of the same source declare the same schema. */
    List<TableSchema> tables();

    /** How strongly this format claims the sample: {@link #NO}, {@link #WEAK}, {@link #STRONG} or in between. */
    int sniff(Sample sample);

    /**
     * The highest score {@link #sniff} ever returns. The registry does not ask a format that cannot beat the best
     * score so far, so a format that may score above {@link #STRONG} must say so here.
     */
    default int highestScore() {
        return STRONG;
    }

    /** Opens a reader over the decompressed content. The reader owns and closes {@code content}. */
    EventReader open(InputStream content, SourceContext context) throws IOException;

    /** Whether the ledger should keep the SHA-256 of this format's decompressed content (CloudTrail digests need it). */
    default boolean wantsContentHash() {
        return false;
    }
}
