package dev.cloudsift.report.export;

import dev.cloudsift.core.Nullable;
import dev.cloudsift.investigate.EntityMatch;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;

/**
 * Which events an export holds: a time window, sources, one entity and an analyst's condition over the
 * {@code events} view. The condition is SQL text: the caller validates the whole statement with the read-only
 * sandbox before any export runs it.
 *
 * @param where a boolean SQL expression over the events columns, or null
 */
public record ExportFilter(@Nullable Instant from, @Nullable Instant to, List<String> sources,
        @Nullable EntityMatch entity, @Nullable String where) {
    /** Every event. */
    public static final ExportFilter ALL = new ExportFilter(null, null, List.of(), null, null);

    private static final DateTimeFormatter SQL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS")
            .withZone(ZoneOffset.UTC);

    public ExportFilter {
        sources = List.copyOf(sources);
        if (where != null && where.isBlank()) {
            where = null;
        }
    }

    /**
     * The filter as one WHERE clause (with the keyword, or empty) over the events view's own column names; values
     * are inlined as escaped literals so that the same text runs as a plain, prepared or COPY statement.
     */
    public String whereClause() {
        StringBuilder sql = new StringBuilder();
        if (from != null) {
            and(sql).append("event_time >= TIMESTAMP ").append(literal(SQL_TIME.format(from)));
        }
        if (to != null) {
            and(sql).append("event_time <= TIMESTAMP ").append(literal(SQL_TIME.format(to)));
        }
        if (!sources.isEmpty()) {
            and(sql).append("source IN (");
            for (int i = 0; i < sources.size(); i++) {
                sql.append(i == 0 ? "" : ", ").append(literal(sources.get(i)));
            }
            sql.append(')');
        }
        if (entity != null) {
            and(sql).append(inline(entity.predicate(), entity.parameters()));
        }
        if (where != null) {
            // On lines of its own so that a trailing -- comment in the condition cannot swallow what follows.
            and(sql).append("(\n").append(where).append("\n)");
        }
        return sql.length() == 0 ? "" : " WHERE " + sql;
    }

    private static StringBuilder and(StringBuilder sql) {
        return sql.length() == 0 ? sql : sql.append(" AND ");
    }

    /** Replaces each {@code ?} of our own predicate (it holds no other question mark) with the next value. */
    static String inline(String predicate, List<String> parameters) {
        StringBuilder out = new StringBuilder();
        int next = 0;
        for (int i = 0; i < predicate.length(); i++) {
            char c = predicate.charAt(i);
            if (c == '?') {
                out.append(literal(parameters.get(next++)));
            } else {
                out.append(c);
            }
        }
        if (next != parameters.size()) {
            throw new IllegalStateException("entity predicate has " + next + " placeholders for " + parameters.size() + " values");
        }
        return out.toString();
    }

    static String literal(String value) {
        Objects.requireNonNull(value, "value");
        return "'" + value.replace("'", "''") + "'";
    }
}
