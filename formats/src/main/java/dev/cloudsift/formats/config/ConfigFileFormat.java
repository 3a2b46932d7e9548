package dev.cloudsift.formats.config;

import dev.cloudsift.core.EventReader;
import dev.cloudsift.core.LogFormat;
import dev.cloudsift.core.Sample;
import dev.cloudsift.core.SourceContext;
import dev.cloudsift.core.TableSchema;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** AWS Config history and snapshot files as delivered to S3: {@code {"fileVersion", "configurationItems": [...]}}. */
public final class ConfigFileFormat implements LogFormat {
    @Override
    public String name() {
        return "config.file";
    }

    @Override
    public String description() {
        return "AWS Config ConfigHistory and ConfigSnapshot files delivered to S3";
    }

    @Override
    public List<TableSchema> tables() {
        return List.of(ConfigTables.CONFIG);
    }

    @Override
    public int sniff(Sample sample) {
        TopLevelFields fields = TopLevelFields.of(sample);
        if (!fields.inArray() && fields.has("configurationItems")
                && (fields.has("fileVersion") || fields.has("configSnapshotId"))) {
            return STRONG;
        }
        return NO;
    }

    @Override
    public EventReader open(InputStream content, SourceContext context) throws IOException {
        return new ConfigReader(content, context);
    }
}
