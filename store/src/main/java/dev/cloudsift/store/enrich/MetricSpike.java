package dev.cloudsift.store.enrich;

import dev.cloudsift.core.Event;
import dev.cloudsift.core.Nullable;
import java.time.Instant;
import java.util.Objects;

/** One point far above its series' baseline, as {@link MetricSpikes} found it. */
public record MetricSpike(Instant eventTime, @Nullable String accountId, @Nullable String region,
        @Nullable String namespace, @Nullable String metric, @Nullable String dimensions, @Nullable String resource,
        @Nullable String statistic, double value, @Nullable String unit, double baseline, double mad, double robustZ,
        long points, @Nullable Long bytes, String message, String dedupeKey) {

    public MetricSpike {
        Objects.requireNonNull(eventTime, "eventTime");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(dedupeKey, "dedupeKey");
    }

    /** The {@code events} row: source {@code metrics}, action {@code <metric> spike}. */
    public Event toEvent() {
        return Event.builder("metrics")
                .eventTime(eventTime)
                .accountId(accountId)
                .region(region)
                .action((metric == null ? "metric" : metric) + " spike")
                .resource(resource)
                .bytes(bytes)
                .message(message)
                .build();
    }
}
