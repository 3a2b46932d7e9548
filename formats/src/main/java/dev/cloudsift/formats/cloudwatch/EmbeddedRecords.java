package dev.cloudsift.formats.cloudwatch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cloudsift.core.LogRecord;
import dev.cloudsift.core.Nullable;
import dev.cloudsift.core.ParseProblem;
import dev.cloudsift.core.Position;
import dev.cloudsift.core.ReadItem;
import dev.cloudsift.core.SourceContext;
import dev.cloudsift.formats.cloudtrail.CloudTrailRecordMapper;
import dev.cloudsift.formats.waf.WafRecords;

/**
 * Reads the records other sources write into CloudWatch Logs messages (CloudTrail, VPC flow, WAF) with those
 * sources' own mappers, so a record is the same row whichever way it arrived.
 */
final class EmbeddedRecords {
    /** A mapped record, or the reason the source's mapper refused the message. */
    record Found(@Nullable LogRecord record, @Nullable String refusal) {}

    private final SourceContext context;

    EmbeddedRecords(SourceContext context) {
        this.context = context;
    }

    /** A CloudTrail record copied into CloudWatch Logs, mapped exactly as the trail file's copy would be. */
    Found cloudTrail(JsonNode record, String rawText, Position position) {
        ReadItem item = CloudTrailRecordMapper.map(record, CloudTrailRecordMapper.SHAPE_CLOUDWATCH, position, rawText,
                context.hints());
        if (item instanceof LogRecord mapped) {
            return new Found(mapped, null);
        }
        return new Found(null, item instanceof ParseProblem problem ? problem.reason() : "not a CloudTrail record");
    }

    /** A WAF record from an {@code aws-waf-logs-*} group, mapped exactly as the S3 delivery's copy would be. */
    Found waf(JsonNode record, Position position) {
        String defect = WafRecords.defect(record);
        if (defect != null) {
            return new Found(null, defect);
        }
        return new Found(WafRecords.map(record, position), null);
    }

    /** A VPC flow record line, or null when the line is not one. */
    @Nullable
    Found vpcFlow(String line, Position position) {
        return null;
    }
}
