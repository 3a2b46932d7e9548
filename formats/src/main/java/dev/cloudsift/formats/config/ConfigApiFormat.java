package dev.cloudsift.formats.config;

import dev.cloudsift.core.EventReader;
import dev.cloudsift.core.LogFormat;
import dev.cloudsift.core.Sample;
import dev.cloudsift.core.SourceContext;
import dev.cloudsift.core.TableSchema;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Output of the AWS Config API as the CLI or an SDK saves it: get-resource-config-history, batch-get-resource-config,
 * select-resource-config, or configuration items saved on their own (one object, or an array of them).
 */
public final class ConfigApiFormat implements LogFormat {
    @Override
    public String name() {
        return "config.api";
    }

    @Override
    public String description() {
        return "AWS Config API output: get-resource-config-history, batch-get-resource-config, "
                + "select-resource-config, saved configuration items";
    }

    @Override
    public List<TableSchema> tables() {
        return List.of(ConfigTables.CONFIG);
    }

    @Override
    public int sniff(Sample sample) {
        TopLevelFields fields = TopLevelFields.of(sample);
        if (!fields.inArray()) {
            if (fields.has("configurationItems")) {
                // config.file claims the delivered files; the tie must not go to this format by name order.
                return fields.has("fileVersion") || fields.has("configSnapshotId") ? NO : STRONG;
            }
            if (fields.has("baseConfigurationItems") || fields.has("unprocessedResourceKeys")) {
                return STRONG;
            }
            if (fields.has("Results") && fields.has("QueryInfo")) {
                return STRONG;
            }
        }
        if (fields.has("resourceType") && fields.has("configurationItemCaptureTime") && !fields.has("messageType")) {
            return STRONG;
        }
        return NO;
    }

    @Override
    public EventReader open(InputStream content, SourceContext context) throws IOException {
        return new ConfigReader(content, context);
    }
}
