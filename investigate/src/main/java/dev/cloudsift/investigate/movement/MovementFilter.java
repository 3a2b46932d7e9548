package dev.cloudsift.investigate.movement;

import dev.cloudsift.core.Nullable;

import java.time.Instant;

/**
 * What part of the case's data movement to total: a time range (from inclusive, to exclusive) and an entity that a
 * row must name as principal (ARN, or its user/role name), access key, source address, resource or destination.
 */
public record MovementFilter(@Nullable Instant from, @Nullable Instant to, @Nullable String entity) {
    /** Everything in the case. */
    public static final MovementFilter ALL = new MovementFilter(null, null, null);

    public MovementFilter {
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("from must be before to");
        }
        entity = entity == null || entity.isBlank() ? null : entity.strip();
    }
}
