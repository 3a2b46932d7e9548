package dev.cloudsift.detect;

import dev.cloudsift.core.Nullable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A correlation finding said in words: "5 distinct secrets read by alice within 10 minutes" rather than
 * "value_count 5 of requestParameters.secretId within 10m for {…}". Field paths become nouns (the last segment,
 * split at capitals, without a trailing id or name, plural), group values are shortened to the name an ARN ends with.
 */
final class CorrelationSummary {
    /** Fields whose last segment alone reads badly. */
    private static final Map<String, String> NOUNS = Map.ofEntries(
            Map.entry("eventname", "API calls"), Map.entry("action", "actions"), Map.entry("sourceipaddress", "source addresses"),
            Map.entry("src_ip", "source addresses"), Map.entry("dst_ip", "destination addresses"),
            Map.entry("dst_port", "destination ports"), Map.entry("dstport", "destination ports"),
            Map.entry("awsregion", "regions"), Map.entry("region", "regions"), Map.entry("key", "objects"),
            Map.entry("useragent", "user agents"), Map.entry("eventsource", "services"), Map.entry("bytes", "bytes"),
            Map.entry("bytessent", "bytes sent"), Map.entry("bytestransferredout", "bytes out"));

    private CorrelationSummary() {}

    static String describe(CorrelationType type, Object value, @Nullable String field, @Nullable Duration timespan,
            Map<String, String> groupBy, List<String> references) {
        String window = timespan == null ? " in the case" : " within " + span(timespan);
        String who = groupBy.isEmpty() ? "" : " by " + String.join(", ", groupBy.values().stream().map(CorrelationSummary::shortValue).toList());
        String noun = field == null ? "values" : noun(field);
        return switch (type) {
            case EVENT_COUNT -> value + " matching event" + ("1".equals(String.valueOf(value)) ? "" : "s") + who + window;
            case VALUE_COUNT -> value + " distinct " + noun + who + window;
            case VALUE_SUM -> "sum of " + noun + " " + value + who + window;
            case VALUE_AVG -> "average of " + noun + " " + value + who + window;
            case VALUE_PERCENTILE -> "percentile of " + noun + " " + value + who + window;
            case TEMPORAL -> "rules " + String.join(", ", references) + " all matched" + who + window;
            case TEMPORAL_ORDERED -> "rules " + String.join(" then ", references) + " matched in that order" + who + window;
            case FIRST_SEEN -> "first seen" + who;
        };
    }

    /** {@code requestParameters.secretId} → "secrets", {@code userIdentity.accessKeyId} → "access keys". */
    static String noun(String field) {
        String last = field.substring(field.lastIndexOf('.') + 1);
        String known = NOUNS.get(last.toLowerCase(Locale.ROOT));
        if (known != null) {
            return known;
        }
        List<String> words = new ArrayList<>();
        for (String word : last.split("(?<=[a-z0-9])(?=[A-Z])|_")) {
            if (!word.isEmpty()) {
                words.add(word.toLowerCase(Locale.ROOT));
            }
        }
        while (words.size() > 1 && List.of("id", "ids", "name", "names", "arn", "arns").contains(words.get(words.size() - 1))) {
            words.remove(words.size() - 1);
        }
        if (words.isEmpty()) {
            return "values of " + field;
        }
        String noun = String.join(" ", words);
        return noun.endsWith("s") ? noun : noun.endsWith("y") && !noun.endsWith("ey") ? noun.substring(0, noun.length() - 1) + "ies"
                : noun + "s";
    }

    /** An ARN by the name it ends with ({@code …:user/alice} → alice); anything else as it is. */
    static String shortValue(String value) {
        if (value != null && value.startsWith("arn:")) {
            int slash = value.lastIndexOf('/');
            if (slash >= 0 && slash < value.length() - 1) {
                return value.substring(slash + 1);
            }
        }
        return String.valueOf(value);
    }

    /** 10 minutes, 1 hour, 90 seconds, 2 days. */
    static String span(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds % 86_400 == 0) {
            return plural(seconds / 86_400, "day");
        }
        if (seconds % 3600 == 0) {
            return plural(seconds / 3600, "hour");
        }
        if (seconds % 60 == 0) {
            return plural(seconds / 60, "minute");
        }
        return plural(seconds, "second");
    }

    private static String plural(long count, String unit) {
        return count + " " + unit + (count == 1 ? "" : "s");
    }
}
