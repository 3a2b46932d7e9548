package dev.cloudsift.investigate;

import dev.cloudsift.core.Nullable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What part of the case a timeline shows.
 *
 * @param from    first instant shown (inclusive), null for the start of the case
 * @param to      last instant shown (exclusive), null for the end of the case
 * @param entity  only rows touching this entity, or null
 * @param sources only these sources, empty for all
 * @param gap     two rows of the same kind further apart than this start separate runs
 */
public record TimelineQuery(@Nullable Instant from, @Nullable Instant to, @Nullable EntityMatch entity,
        List<String> sources, Duration gap) {
    public TimelineQuery {
        sources = List.copyOf(sources);
        Objects.requireNonNull(gap, "gap");
        if (gap.isNegative()) {
            throw new IllegalArgumentException("gap must not be negative");
        }
    }

    public static TimelineQuery all() {
        return new TimelineQuery(null, null, null, List.of(), Duration.ofMinutes(5));
    }

    /** The WHERE clause (without the time bounds the timeline adds per slice) and its parameters in order. */
    public String filter(List<Object> parameters) {
        return filter(parameters, true);
    }

    /** As {@link #filter(List)}, leaving out the entity when the rows were already narrowed to it. */
    String filter(List<Object> parameters, boolean withEntity) {
        StringBuilder where = new StringBuilder("event_time IS NOT NULL");
        if (entity != null && withEntity) {
            where.append(" AND ").append(entity.predicate());
            parameters.addAll(entity.parameters());
        }
        if (!sources.isEmpty()) {
            where.append(" AND source IN (").append("?,".repeat(sources.size() - 1)).append("?)");
            parameters.addAll(sources);
        }
        return where.toString();
    }
}
