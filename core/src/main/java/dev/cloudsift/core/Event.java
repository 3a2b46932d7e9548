package dev.cloudsift.core;

import java.time.Instant;
import java.util.Objects;

/**
 * The common view of one log record, one row of the {@code events} table.
 * Every source fills what it knows; the rest stays null.
 */
public record Event(
        @Nullable Instant eventTime,
        String source,
        @Nullable String accountId,
        @Nullable String region,
        @Nullable String action,
        Outcome outcome,
        @Nullable String errorCode,
        @Nullable String principal,
        @Nullable String accessKeyId,
        @Nullable String srcIp,
        @Nullable String dstIp,
        @Nullable Integer srcPort,
        @Nullable Integer dstPort,
        @Nullable String userAgent,
        @Nullable String resource,
        @Nullable Long bytes,
        @Nullable String eventId,
        @Nullable String message) {

    public Event {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(outcome, "outcome");
    }

    public static Builder builder(String source) {
        return new Builder(source);
    }

    /** Fluent builder: formats set what their record has. */
    public static final class Builder {
        private final String source;
        private Instant eventTime;
        private String accountId;
        private String region;
        private String action;
        private Outcome outcome = Outcome.UNKNOWN;
        private String errorCode;
        private String principal;
        private String accessKeyId;
        private String srcIp;
        private String dstIp;
        private Integer srcPort;
        private Integer dstPort;
        private String userAgent;
        private String resource;
        private Long bytes;
        private String eventId;
        private String message;

        private Builder(String source) {
            this.source = Objects.requireNonNull(source, "source");
        }

        public Builder eventTime(@Nullable Instant value) { this.eventTime = value; return this; }
        public Builder accountId(@Nullable String value) { this.accountId = value; return this; }
        public Builder region(@Nullable String value) { this.region = value; return this; }
        public Builder action(@Nullable String value) { this.action = value; return this; }
        public Builder outcome(Outcome value) { this.outcome = Objects.requireNonNull(value); return this; }
        public Builder errorCode(@Nullable String value) { this.errorCode = value; return this; }
        public Builder principal(@Nullable String value) { this.principal = value; return this; }
        public Builder accessKeyId(@Nullable String value) { this.accessKeyId = value; return this; }
        public Builder srcIp(@Nullable String value) { this.srcIp = value; return this; }
        public Builder dstIp(@Nullable String value) { this.dstIp = value; return this; }
        public Builder srcPort(@Nullable Integer value) { this.srcPort = value; return this; }
        public Builder dstPort(@Nullable Integer value) { this.dstPort = value; return this; }
        public Builder userAgent(@Nullable String value) { this.userAgent = value; return this; }
        public Builder resource(@Nullable String value) { this.resource = value; return this; }
        public Builder bytes(@Nullable Long value) { this.bytes = value; return this; }
        public Builder eventId(@Nullable String value) { this.eventId = value; return this; }
        public Builder message(@Nullable String value) { this.message = value; return this; }

        public Event build() {
            return new Event(eventTime, source, accountId, region, action, outcome, errorCode, principal,
                    accessKeyId, srcIp, dstIp, srcPort, dstPort, userAgent, resource, bytes, eventId, message);
        }
    }
}
