package dev.cloudsift.formats.cloudtrail;

import dev.cloudsift.core.EventReader;
import dev.cloudsift.core.LogFormat;
import dev.cloudsift.core.Sample;
import dev.cloudsift.core.SourceContext;
import dev.cloudsift.core.TableSchema;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** CloudTrail trail and Insights files as delivered to S3: {@code {"Records":[...]}}. */
public final class CloudTrailS3Format implements LogFormat {
    @Override
    public String name() {
        return "cloudtrail.s3";
    }

    @Override
    public String description() {
        return "CloudTrail trail and Insights files as delivered to S3: {\"Records\":[...]}";
    }

    @Override
    public List<TableSchema> tables() {
        return List.of(CloudTrailTables.CLOUDTRAIL);
    }

    @Override
    public int sniff(Sample sample) {
        return switch (CloudTrailSniffer.kindOf(sample)) {
            case RECORDS -> STRONG;
            case EMPTY_RECORDS, MALFORMED_RECORDS -> WEAK;
            default -> NO;
        };
    }

    @Override
    public EventReader open(InputStream content, SourceContext context) throws IOException {
        return new CloudTrailJsonReader(content, CloudTrailRecordMapper.SHAPE_S3, context.hints());
    }

    /** The ledger keeps the SHA-256 of the inflated content so digests can validate this file later. */
    @Override
    public boolean wantsContentHash() {
        return true;
    }
}
