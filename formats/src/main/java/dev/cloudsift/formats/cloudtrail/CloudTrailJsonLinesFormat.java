package dev.cloudsift.formats.cloudtrail;

import dev.cloudsift.core.EventReader;
import dev.cloudsift.core.LogFormat;
import dev.cloudsift.core.Sample;
import dev.cloudsift.core.SourceContext;
import dev.cloudsift.core.TableSchema;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** CloudTrail records one per line (Athena, CloudTrail Lake, EventBridge detail, Logstash/OpenSearch dumps). */
public final class CloudTrailJsonLinesFormat implements LogFormat {
    @Override
    public String name() {
        return "cloudtrail.jsonl";
    }

    @Override
    public String description() {
        return "CloudTrail records one per line (Athena, CloudTrail Lake, EventBridge detail, Logstash/OpenSearch dumps)";
    }

    @Override
    public List<TableSchema> tables() {
        return List.of(CloudTrailTables.CLOUDTRAIL);
    }

    @Override
    public int sniff(Sample sample) {
        return CloudTrailSniffer.kindOf(sample) == CloudTrailSniffer.Kind.RECORD_LINES ? STRONG : NO;
    }

    @Override
    public EventReader open(InputStream content, SourceContext context) throws IOException {
        return new JsonLinesReader(content, CloudTrailRecordMapper.SHAPE_JSON_LINES, context.hints());
    }

    /** The ledger keeps the SHA-256 of the inflated content so digests can validate this file later. */
    @Override
    public boolean wantsContentHash() {
        return true;
    }
}
