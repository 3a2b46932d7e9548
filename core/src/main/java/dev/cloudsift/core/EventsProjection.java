package dev.cloudsift.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How a source table's rows become rows of the common {@code events} table: one SQL expression per events column,
 * over that table's own columns. The expressions are plain SQL that both DuckDB and Spark SQL accept (column
 * references, literals, {@code CAST}, {@code COALESCE}, {@code CASE WHEN}, {@code concat}), so the store's view and
 * a Spark job apply the very same projection.
 */
public final class EventsProjection {
    /**
     * The events columns a format projects onto, in order. The store adds its own (row id, origin file and offset,
     * file id) after them.
     */
    public static final List<Column> COLUMNS = List.of(
            Column.of("event_time", ColumnType.TIMESTAMP, "when it happened (UTC)"),
            Column.of("source", ColumnType.VARCHAR, "cloudtrail, vpcflow, s3access, waf, alb, cloudwatch, config, metrics"),
            Column.of("account_id", ColumnType.VARCHAR, "AWS account"),
            Column.of("region", ColumnType.VARCHAR, "AWS region"),
            Column.of("action", ColumnType.VARCHAR, "what was done: API name, operation, flow action, WAF action"),
            Column.of("outcome", ColumnType.VARCHAR, "success, failure or unknown"),
            Column.of("error_code", ColumnType.VARCHAR, "error reported by the service"),
            Column.of("principal", ColumnType.VARCHAR, "who: ARN, requester, OS user"),
            Column.of("access_key_id", ColumnType.VARCHAR, "AKIA/ASIA key used"),
            Column.of("src_ip", ColumnType.VARCHAR, "source IP address (IP addresses only)"),
            Column.of("dst_ip", ColumnType.VARCHAR, "destination IP address"),
            Column.of("src_port", ColumnType.INTEGER, "source port"),
            Column.of("dst_port", ColumnType.INTEGER, "destination port"),
            Column.of("user_agent", ColumnType.VARCHAR, "user agent"),
            Column.of("resource", ColumnType.VARCHAR, "what was acted on: ARN, bucket/key, interface, host+URI"),
            Column.of("bytes", ColumnType.BIGINT, "bytes transferred"),
            Column.of("event_id", ColumnType.VARCHAR, "the source's own record id"),
            Column.of("message", ColumnType.VARCHAR, "one readable line"));

    private EventsProjection() {}

    /** A projection for {@code source}: {@code source} is set to that literal, unset columns to typed nulls. */
    public static Builder builder(String source) {
        return new Builder(source);
    }

    /** The SQL type name both DuckDB and Spark accept for an events column's type. */
    static String portableType(ColumnType type) {
        return switch (type) {
            case VARCHAR, JSON -> "STRING";
            case INTEGER -> "INT";
            case BIGINT -> "BIGINT";
            case DOUBLE -> "DOUBLE";
            case BOOLEAN -> "BOOLEAN";
            case TIMESTAMP -> "TIMESTAMP";
            case VARCHAR_LIST -> "ARRAY<STRING>";
        };
    }

    /** Checks that a projection names every events column once, in order, with an expression for each. */
    static Map<String, String> checked(Map<String, String> projection, String table) {
        List<String> keys = List.copyOf(projection.keySet());
        List<String> expected = COLUMNS.stream().map(Column::name).toList();
        if (!keys.equals(expected)) {
            throw new IllegalArgumentException("events projection of " + table + " must name " + expected + " in order, not "
                    + keys);
        }
        LinkedHashMap<String, String> copy = new LinkedHashMap<>();
        projection.forEach((column, expression) -> {
            if (expression == null || expression.isBlank()) {
                throw new IllegalArgumentException("events projection of " + table + " has no expression for " + column);
            }
            copy.put(column, expression);
        });
        return java.util.Collections.unmodifiableMap(copy);
    }

    /** Fills a projection column by column. */
    public static final class Builder {
        private final Map<String, String> expressions = new LinkedHashMap<>();

        private Builder(String source) {
            Objects.requireNonNull(source, "source");
            if (!source.matches("[a-z0-9_]+")) {
                throw new IllegalArgumentException("source names are lower case words: " + source);
            }
            expressions.put("source", "'" + source + "'");
        }

        /** Sets the SQL expression of one events column. */
        public Builder set(String column, String expression) {
            Objects.requireNonNull(expression, "expression");
            if (COLUMNS.stream().noneMatch(c -> c.name().equals(column))) {
                throw new IllegalArgumentException("no events column " + column);
            }
            expressions.put(column, expression);
            return this;
        }

        /** Every events column in order; a column not set is a typed NULL. */
        public Map<String, String> build() {
            LinkedHashMap<String, String> projection = new LinkedHashMap<>();
            for (Column column : COLUMNS) {
                String expression = expressions.get(column.name());
                projection.put(column.name(), expression != null ? expression
                        : "CAST(NULL AS " + portableType(column.type()) + ")");
            }
            return java.util.Collections.unmodifiableMap(projection);
        }
    }
}
