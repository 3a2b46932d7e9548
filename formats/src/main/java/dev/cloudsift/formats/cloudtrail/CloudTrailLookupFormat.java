package dev.cloudsift.formats.cloudtrail;

import dev.cloudsift.core.EventReader;
import dev.cloudsift.core.LogFormat;
import dev.cloudsift.core.Sample;
import dev.cloudsift.core.SourceContext;
import dev.cloudsift.core.TableSchema;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** aws cloudtrail lookup-events output: {@code {"Events":[...]}} pages, concatenated pages or one Event per line. */
public final class CloudTrailLookupFormat implements LogFormat {
    @Override
    public String name() {
        return "cloudtrail.lookup";
    }

    @Override
    public String description() {
        return "aws cloudtrail lookup-events output: {\"Events\":[...]} pages, concatenated pages or one Event per line";
    }

    @Override
    public List<TableSchema> tables() {
        return List.of(CloudTrailTables.CLOUDTRAIL);
    }

    @Override
    public int sniff(Sample sample) {
        return switch (CloudTrailSniffer.kindOf(sample)) {
            case LOOKUP, LOOKUP_LINES -> STRONG;
            default -> NO;
        };
    }

    @Override
    public EventReader open(InputStream content, SourceContext context) throws IOException {
        // One Event per line is read line by line, so a broken line costs only itself; pages are streamed.
        BufferedInputStream buffered = new BufferedInputStream(content, Sample.SIZE + 1);
        buffered.mark(Sample.SIZE + 1);
        byte[] head = buffered.readNBytes(Sample.SIZE);
        boolean complete = buffered.read() < 0;
        buffered.reset();
        Sample sample = new Sample(head, complete, context.path(), context.hints());
        if (CloudTrailSniffer.kindOf(sample) == CloudTrailSniffer.Kind.LOOKUP_LINES) {
            return new JsonLinesReader(buffered, CloudTrailRecordMapper.SHAPE_LOOKUP, context.hints());
        }
        return new CloudTrailJsonReader(buffered, CloudTrailRecordMapper.SHAPE_LOOKUP, context.hints());
    }

    /** The ledger keeps the SHA-256 of the inflated content so digests can validate this file later. */
    @Override
    public boolean wantsContentHash() {
        return true;
    }
}
