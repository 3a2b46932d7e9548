package dev.cloudsift.formats.cloudwatch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cloudsift.core.LogRecord;
import dev.cloudsift.core.Nullable;
import dev.cloudsift.core.Position;
import dev.cloudsift.core.SourceContext;

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

    Found cloudTrail(JsonNode record, Position position) {
        return new Found(null, "the CloudTrail mapper is not on this branch yet");
    }

    Found waf(JsonNode record, Position position) {
        return new Found(null, "the WAF mapper is not on this branch yet");
    }

    /** A VPC flow record line, or null when the line is not one. */
    @Nullable
    Found vpcFlow(String line, Position position) {
        return null;
    }
}
