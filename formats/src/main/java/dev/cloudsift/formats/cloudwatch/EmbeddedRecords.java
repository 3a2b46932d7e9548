package dev.cloudsift.formats.cloudwatch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cloudsift.core.DuplicateKeys;
import dev.cloudsift.core.LogRecord;
import dev.cloudsift.core.Nullable;
import dev.cloudsift.core.ParseProblem;
import dev.cloudsift.core.Position;
import dev.cloudsift.core.ReadItem;
import dev.cloudsift.core.SourceContext;
import dev.cloudsift.formats.cloudtrail.CloudTrailRecordMapper;
import dev.cloudsift.formats.vpcflow.VpcFlowLayout;
import dev.cloudsift.formats.vpcflow.VpcFlowRecords;
import dev.cloudsift.formats.vpcflow.VpcFlowTextFormat;
import dev.cloudsift.formats.waf.WafRecords;

/**
 * Reads the records other sources write into CloudWatch Logs messages (CloudTrail, VPC flow, WAF) with those
 * sources' own mappers, so a record is the same row whichever way it arrived.
 */
final class EmbeddedRecords {
    /** A mapped record, or the reason the source's mapper refused the message. */
    record Found(@Nullable LogRecord record, @Nullable String refusal) {}

    private final SourceContext context;
    /** The flow log format named by the {@code vpcflow.format} option, for flow logs in a custom layout. */
    private final @Nullable VpcFlowLayout configuredFlowLayout;

    EmbeddedRecords(SourceContext context) {
        this.context = context;
        String format = context.option(VpcFlowTextFormat.FORMAT_OPTION);
        VpcFlowLayout layout = null;
        if (format != null) {
            try {
                layout = VpcFlowLayout.parse(format);
            } catch (IllegalArgumentException notAFormat) {
                // Standard layouts are still recognised; the VPC flow text format reports the bad option itself.
            }
        }
        this.configuredFlowLayout = layout;
    }

    /** A CloudTrail record copied into CloudWatch Logs, mapped exactly as the trail file's copy would be. */
    Found cloudTrail(JsonNode record, String rawText, Position position) {
        // Walked from the message's own text, so its JSON columns are the text the trail file's copy would give.
        ReadItem item = CloudTrailRecordMapper.mapWalked(rawText, CloudTrailRecordMapper.SHAPE_CLOUDWATCH, position,
                context.hints());
        if (item == null) {
            item = CloudTrailRecordMapper.map(record, CloudTrailRecordMapper.SHAPE_CLOUDWATCH, position, rawText,
                    context.hints());
        }
        if (item instanceof LogRecord mapped) {
            return new Found(mapped.withAnomalies(DuplicateKeys.takeFrom(record)), null);
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

    /**
     * A VPC flow record delivered to CloudWatch Logs (the message is the record line, no header), mapped as the
     * S3 copy would be: in the {@code vpcflow.format} layout when the line has its field count, else in the
     * standard layout it fits (default v2, all fields of a version, Transit Gateway). Null when it is not one.
     */
    @Nullable
    Found vpcFlow(String line, Position position) {
        if (line.isEmpty()) {
            return null;
        }
        VpcFlowLayout layout = null;
        if (configuredFlowLayout != null && fieldCount(line) == configuredFlowLayout.size()) {
            layout = configuredFlowLayout;
        } else if (Character.isDigit(line.charAt(0))) {
            // Every standard layout opens with the version number; other messages are not split at all.
            layout = VpcFlowLayout.recognise(line);
        }
        if (layout == null) {
            return null;
        }
        ReadItem item = VpcFlowRecords.map(line, layout, position, context.hints());
        return item instanceof LogRecord record ? new Found(record, null) : null;
    }

    private static int fieldCount(String line) {
        int count = 0;
        boolean inField = false;
        for (int i = 0; i < line.length(); i++) {
            boolean space = line.charAt(i) == ' ';
            if (!space && !inField) {
                count++;
            }
            inField = !space;
        }
        return count;
    }
}
