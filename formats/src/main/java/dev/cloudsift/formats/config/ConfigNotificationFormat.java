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
 * AWS Config notifications: raw, in SNS envelopes or as EventBridge events, and Config rule events as delivered to
 * Lambda; one per file, as JSON lines, or in a top-level array.
 */
public final class ConfigNotificationFormat implements LogFormat {
    @Override
    public String name() {
        return "config.notification";
    }

    @Override
    public String description() {
        return "AWS Config change notifications (SNS, EventBridge, raw) and Config rule events delivered to Lambda";
    }

    @Override
    public List<TableSchema> tables() {
        return List.of(ConfigTables.CONFIG);
    }

    @Override
    public int sniff(Sample sample) {
        TopLevelFields fields = TopLevelFields.of(sample);
        String messageType = fields.value("messageType");
        if (messageType != null && (isConfigMessageType(messageType) || fields.has("configurationItem"))) {
            return STRONG;
        }
        if (fields.has("configurationItemDiff") || fields.has("configurationItemSummary")) {
            // messageType comes last and can lie beyond the sample after a large item
            return STRONG;
        }
        if (fields.has("invokingEvent") && (fields.has("configRuleName") || fields.has("configRuleArn")
                || fields.has("resultToken"))) {
            return STRONG;
        }
        if ("aws.config".equals(fields.value("source")) && fields.has("detail-type")) {
            return STRONG;
        }
        if ("Notification".equals(fields.value("Type"))) {
            // The Message string can run past the sample; then its escaped start is all there is to see.
            boolean configMessage = fields.has("Message")
                    ? fields.valueContains("Message", "messageType") && fields.valueContains("Message", "Config")
                    : sample.text().contains("\\\"configurationItem");
            if (configMessage) {
                return STRONG;
            }
        }
        return NO;
    }

    private static boolean isConfigMessageType(String messageType) {
        return messageType.equals(ConfigMessages.ITEM_CHANGE) || messageType.equals(ConfigMessages.OVERSIZED_ITEM_CHANGE)
                || ConfigMessages.NOTICES.contains(messageType);
    }

    @Override
    public EventReader open(InputStream content, SourceContext context) throws IOException {
        return new ConfigReader(content, context);
    }
}
