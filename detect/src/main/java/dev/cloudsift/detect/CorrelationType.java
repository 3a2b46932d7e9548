package dev.cloudsift.detect;

import java.util.Locale;

/** Sigma correlation types, plus Cloudsift's {@code first_seen}. */
public enum CorrelationType {
    EVENT_COUNT, VALUE_COUNT, TEMPORAL, TEMPORAL_ORDERED, VALUE_SUM, VALUE_AVG, VALUE_PERCENTILE, FIRST_SEEN;

    static CorrelationType parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new RuleException("unknown correlation type '" + text + "' (expected event_count, value_count, "
                    + "temporal, temporal_ordered, value_sum, value_avg, value_percentile or first_seen)");
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
