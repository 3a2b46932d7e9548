package dev.cloudsift.formats.metrics;

import dev.cloudsift.core.Nullable;

/**
 * What a get-metric-data {@code Label} tells, best effort: the default label is the metric name
 * ({@code NetworkOut}); SEARCH expressions label points with dimension values then the metric name
 * ({@code i-0123456789abcdef0 NetworkOut}). Custom labels tell nothing and are kept only as the label.
 */
record LabelReading(@Nullable String metric, @Nullable String resource) {
    static LabelReading of(@Nullable String label) {
        if (label == null || label.isBlank()) {
            return new LabelReading(null, null);
        }
        String[] words = label.strip().split("\\s+");
        String last = words[words.length - 1];
        String metric = isMetricName(last) ? last : null;
        String resource = null;
        for (String word : words) {
            if (word.startsWith("i-") && word.length() >= 10) {
                resource = word;
                break;
            }
        }
        if (words.length > 3) {
            metric = null;
        }
        return new LabelReading(metric, resource);
    }

    /** CloudWatch metric names are one word starting with a capital, letters and digits (CPUUtilization). */
    private static boolean isMetricName(String word) {
        if (word.isEmpty() || !Character.isUpperCase(word.charAt(0))) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (!Character.isLetterOrDigit(c) && c != '_' && c != '.') {
                return false;
            }
        }
        return true;
    }
}
