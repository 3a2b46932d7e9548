package dev.cloudsift.detect;

import dev.cloudsift.core.Nullable;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** A loaded, evaluable rule: a detection over events or a correlation over other rules' matches. */
sealed interface Rule {
    RuleMetadata metadata();

    /** A Sigma detection rule compiled to one expression over one service's records. */
    record Detection(RuleMetadata metadata, LogSource logSource, FieldMappings.Service service,
                     Expression expression, Map<String, FieldLocation> fields) implements Rule {
        public Detection {
            Objects.requireNonNull(metadata, "metadata");
            Objects.requireNonNull(logSource, "logSource");
            Objects.requireNonNull(service, "service");
            Objects.requireNonNull(expression, "expression");
            fields = Map.copyOf(fields);
        }
    }

    /** A correlation (including Cloudsift's {@code first_seen}) over the matches of referenced rules. */
    record Correlation(RuleMetadata metadata, CorrelationType type, List<String> references, List<String> groupBy,
                       @Nullable Duration timespan, Map<String, Map<String, String>> aliases,
                       Map<String, Double> condition, @Nullable String field, double percentile,
                       List<String> fields, @Nullable Duration learningWindow, boolean generate) implements Rule {
        public Correlation {
            Objects.requireNonNull(metadata, "metadata");
            Objects.requireNonNull(type, "type");
            references = List.copyOf(references);
            groupBy = List.copyOf(groupBy);
            aliases = Map.copyOf(aliases);
            condition = Map.copyOf(condition);
            fields = List.copyOf(fields);
        }

        boolean test(double value) {
            return meets(condition, value);
        }

        /** Whether a value meets every bound of a correlation condition ({@code gt}, {@code gte}, … {@code neq}). */
        static boolean meets(Map<String, Double> condition, double value) {
            for (Map.Entry<String, Double> entry : condition.entrySet()) {
                double bound = entry.getValue();
                boolean holds = switch (entry.getKey()) {
                    case "gt" -> value > bound;
                    case "gte" -> value >= bound;
                    case "lt" -> value < bound;
                    case "lte" -> value <= bound;
                    case "eq" -> value == bound;
                    case "neq" -> value != bound;
                    default -> false;
                };
                if (!holds) {
                    return false;
                }
            }
            return true;
        }
    }

    /** A Sigma filter: an extra condition ANDed onto the rules it names. */
    record Filter(RuleMetadata metadata, LogSource logSource, List<String> references,
                  Map<String, Object> detection) implements Rule {
        public Filter {
            Objects.requireNonNull(metadata, "metadata");
            references = List.copyOf(references);
        }
    }
}
