package dev.cloudsift.formats.waf;

import dev.cloudsift.core.EventReader;
import dev.cloudsift.core.LogFormat;
import dev.cloudsift.core.Sample;
import dev.cloudsift.core.SourceContext;
import dev.cloudsift.core.TableSchema;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** AWS WAF web ACL logs as delivered to S3 or through Firehose: JSON records one per line or back to back. */
public final class WafFormat implements LogFormat {
    @Override
    public String name() {
        return "waf.json";
    }

    @Override
    public String description() {
        return "AWS WAF web ACL traffic logs (S3 AWSLogs/ACCT/WAFLogs/..., Firehose): JSON records, one per line or concatenated";
    }

    @Override
    public List<TableSchema> tables() {
        return List.of(WafTables.WAF);
    }

    /**
     * Strong when the content opens with a JSON object whose first record carries both {@code "webaclId"} and
     * {@code "httpRequest"} as keys. JSON-escaped copies (inside CloudWatch payloads) do not match, since there the
     * quotes are preceded by backslashes.
     */
    @Override
    public int sniff(Sample sample) {
        if (sample.firstSignificantByte() != '{') {
            return NO;
        }
        String text = sample.trimmedText();
        int end = text.indexOf('\n');
        String first = end < 0 ? text : text.substring(0, end);
        if (first.contains("\"webaclId\"") && first.contains("\"httpRequest\"") && first.contains("\"timestamp\"")) {
            return STRONG;
        }
        // A single record longer than the sample: accept on the keys that come first in every AWS record.
        if (end < 0 && first.contains("\"webaclId\"") && first.contains("\"timestamp\"")) {
            return WEAK;
        }
        return NO;
    }

    @Override
    public EventReader open(InputStream content, SourceContext context) throws IOException {
        return new WafReader(content);
    }
}
