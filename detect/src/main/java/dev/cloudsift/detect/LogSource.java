package dev.cloudsift.detect;

import dev.cloudsift.core.Nullable;
import java.util.Map;

/** A rule's {@code logsource}: which records it reads. */
public record LogSource(@Nullable String product, @Nullable String service, @Nullable String category) {
    static LogSource of(@Nullable Object value) {
        if (value == null) {
            return new LogSource(null, null, null);
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new RuleException("logsource must be a mapping, found " + RuleYaml.describe(value));
        }
        return new LogSource(text(map.get("product")), text(map.get("service")), text(map.get("category")));
    }

    private static @Nullable String text(@Nullable Object value) {
        return value instanceof String text ? text : null;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        if (product != null) {
            text.append("product=").append(product);
        }
        if (service != null) {
            text.append(text.length() > 0 ? " " : "").append("service=").append(service);
        }
        if (category != null) {
            text.append(text.length() > 0 ? " " : "").append("category=").append(category);
        }
        return text.length() == 0 ? "(none)" : text.toString();
    }
}
