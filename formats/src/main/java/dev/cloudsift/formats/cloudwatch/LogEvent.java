package dev.cloudsift.formats.cloudwatch;

import dev.cloudsift.core.Nullable;
import dev.cloudsift.core.Position;
import java.time.Instant;
import java.util.Objects;

/**
 * One CloudWatch Logs event as any delivery shape carries it, before its message is understood.
 *
 * @param subscriptionFilters JSON array text, or null
 * @param extractedFields     JSON object text, or null
 * @param shape               the delivery shape, stored in {@code cloudwatch.shape}
 */
record LogEvent(
        @Nullable String logGroup,
        @Nullable String logStream,
        @Nullable String eventId,
        @Nullable Instant timestamp,
        @Nullable Instant ingestionTime,
        String message,
        @Nullable String owner,
        @Nullable String subscriptionFilters,
        @Nullable String extractedFields,
        String shape,
        Position position) {

    LogEvent {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(position, "position");
    }
}
