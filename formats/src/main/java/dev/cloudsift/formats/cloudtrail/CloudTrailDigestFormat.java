package dev.cloudsift.formats.cloudtrail;

import dev.cloudsift.core.EventReader;
import dev.cloudsift.core.LogFormat;
import dev.cloudsift.core.Sample;
import dev.cloudsift.core.SourceContext;
import dev.cloudsift.core.TableSchema;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** CloudTrail digest files (log file validation): one row per listed log file. */
public final class CloudTrailDigestFormat implements LogFormat {
    @Override
    public String name() {
        return "cloudtrail.digest";
    }

    @Override
    public String description() {
        return "CloudTrail digest files (log file validation): one row per listed log file";
    }

    @Override
    public List<TableSchema> tables() {
        return List.of(CloudTrailTables.DIGESTS);
    }

    @Override
    public int sniff(Sample sample) {
        return CloudTrailSniffer.kindOf(sample) == CloudTrailSniffer.Kind.DIGEST ? STRONG : NO;
    }

    @Override
    public EventReader open(InputStream content, SourceContext context) throws IOException {
        return new DigestReader(content, context);
    }

    /** The ledger keeps the SHA-256 of the inflated content so digests can validate this file later. */
    @Override
    public boolean wantsContentHash() {
        return true;
    }
}
