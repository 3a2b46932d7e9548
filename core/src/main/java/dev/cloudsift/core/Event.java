package dev.cloudsift.core;

import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The common view of one log record, one row of the {@code events} table.
 * Every source fills what it knows; the rest stays null.
 *
 * <p>A reader whose table declares an events projection may give a {@linkplain #deferred deferred} Event: its time and
 * source are known at once, the other fields are worked out from the record when first read. The store only reads the
 * time of such a record (the projection gives the rest in the views), so the per-line work of the other fields (a
 * readable message, a resource name) is not done while ingesting, yet tests still read the Event whole.
 */
public final class Event {
    private final @Nullable Instant eventTime;
    private final String source;
    private final @Nullable String accountId;
    private final @Nullable String region;
    private final @Nullable String action;
    private final @Nullable Outcome outcome;
    private final @Nullable String errorCode;
    private final @Nullable String principal;
    private final @Nullable String accessKeyId;
    private final @Nullable String srcIp;
    private final @Nullable String dstIp;
    private final @Nullable Integer srcPort;
    private final @Nullable Integer dstPort;
    private final @Nullable String userAgent;
    private final @Nullable String resource;
    private final @Nullable Long bytes;
    private final @Nullable String eventId;
    private final @Nullable String message;
    /** Works out the whole Event of a deferred one; null for an Event built whole. */
    private final @Nullable Supplier<Event> fields;
    /** The whole Event once worked out (a race works it out twice, to the same values). */
    private @Nullable Event whole;

    public Event(@Nullable Instant eventTime, String source, @Nullable String accountId, @Nullable String region,
            @Nullable String action, Outcome outcome, @Nullable String errorCode, @Nullable String principal,
            @Nullable String accessKeyId, @Nullable String srcIp, @Nullable String dstIp, @Nullable Integer srcPort,
            @Nullable Integer dstPort, @Nullable String userAgent, @Nullable String resource, @Nullable Long bytes,
            @Nullable String eventId, @Nullable String message) {
        this.eventTime = eventTime;
        this.source = Objects.requireNonNull(source, "source");
        this.outcome = Objects.requireNonNull(outcome, "outcome");
        this.accountId = accountId;
        this.region = region;
        this.action = action;
        this.errorCode = errorCode;
        this.principal = principal;
        this.accessKeyId = accessKeyId;
        this.srcIp = srcIp;
        this.dstIp = dstIp;
        this.srcPort = srcPort;
        this.dstPort = dstPort;
        this.userAgent = userAgent;
        this.resource = resource;
        this.bytes = bytes;
        this.eventId = eventId;
        this.message = message;
        this.fields = null;
    }

    private Event(@Nullable Instant eventTime, String source, Supplier<Event> fields) {
        this.eventTime = eventTime;
        this.source = Objects.requireNonNull(source, "source");
        this.fields = Objects.requireNonNull(fields, "fields");
        this.outcome = null;
        this.accountId = null;
        this.region = null;
        this.action = null;
        this.errorCode = null;
        this.principal = null;
        this.accessKeyId = null;
        this.srcIp = null;
        this.dstIp = null;
        this.srcPort = null;
        this.dstPort = null;
        this.userAgent = null;
        this.resource = null;
        this.bytes = null;
        this.eventId = null;
        this.message = null;
    }

    public static Builder builder(String source) {
        return new Builder(source);
    }

    /**
     * An Event whose time and source are given and whose other fields {@code fields} works out when one is first read.
     * {@code fields} must give an Event of the same time and source, and the same one each time: it may run more than
     * once when threads read the Event at the same moment.
     */
    public static Event deferred(String source, @Nullable Instant eventTime, Supplier<Event> fields) {
        return new Event(eventTime, source, fields);
    }

    private Event whole() {
        if (fields == null) {
            return this;
        }
        Event worked = whole;
        if (worked == null) {
            worked = Objects.requireNonNull(fields.get(), "deferred event fields");
            if (!Objects.equals(worked.eventTime, eventTime) || !worked.source.equals(source)) {
                throw new IllegalStateException("a deferred " + source + " event worked out to another time or source");
            }
            whole = worked.whole();
        }
        return whole;
    }

    public @Nullable Instant eventTime() { return eventTime; }
    public String source() { return source; }
    public @Nullable String accountId() { return whole().accountId; }
    public @Nullable String region() { return whole().region; }
    public @Nullable String action() { return whole().action; }
    public Outcome outcome() { return whole().outcome; }
    public @Nullable String errorCode() { return whole().errorCode; }
    public @Nullable String principal() { return whole().principal; }
    public @Nullable String accessKeyId() { return whole().accessKeyId; }
    public @Nullable String srcIp() { return whole().srcIp; }
    public @Nullable String dstIp() { return whole().dstIp; }
    public @Nullable Integer srcPort() { return whole().srcPort; }
    public @Nullable Integer dstPort() { return whole().dstPort; }
    public @Nullable String userAgent() { return whole().userAgent; }
    public @Nullable String resource() { return whole().resource; }
    public @Nullable Long bytes() { return whole().bytes; }
    public @Nullable String eventId() { return whole().eventId; }
    public @Nullable String message() { return whole().message; }

    /** Equal when every field is, deferred or not (as a record's equality). */
    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof Event that)) {
            return false;
        }
        Event a = whole();
        Event b = that.whole();
        return Objects.equals(a.eventTime, b.eventTime) && a.source.equals(b.source)
                && Objects.equals(a.accountId, b.accountId) && Objects.equals(a.region, b.region)
                && Objects.equals(a.action, b.action) && a.outcome == b.outcome
                && Objects.equals(a.errorCode, b.errorCode) && Objects.equals(a.principal, b.principal)
                && Objects.equals(a.accessKeyId, b.accessKeyId) && Objects.equals(a.srcIp, b.srcIp)
                && Objects.equals(a.dstIp, b.dstIp) && Objects.equals(a.srcPort, b.srcPort)
                && Objects.equals(a.dstPort, b.dstPort) && Objects.equals(a.userAgent, b.userAgent)
                && Objects.equals(a.resource, b.resource) && Objects.equals(a.bytes, b.bytes)
                && Objects.equals(a.eventId, b.eventId) && Objects.equals(a.message, b.message);
    }

    @Override
    public int hashCode() {
        Event a = whole();
        return Objects.hash(a.eventTime, a.source, a.accountId, a.region, a.action, a.outcome, a.errorCode, a.principal,
                a.accessKeyId, a.srcIp, a.dstIp, a.srcPort, a.dstPort, a.userAgent, a.resource, a.bytes, a.eventId,
                a.message);
    }

    @Override
    public String toString() {
        Event a = whole();
        return "Event[eventTime=" + a.eventTime + ", source=" + a.source + ", accountId=" + a.accountId + ", region="
                + a.region + ", action=" + a.action + ", outcome=" + a.outcome + ", errorCode=" + a.errorCode
                + ", principal=" + a.principal + ", accessKeyId=" + a.accessKeyId + ", srcIp=" + a.srcIp + ", dstIp="
                + a.dstIp + ", srcPort=" + a.srcPort + ", dstPort=" + a.dstPort + ", userAgent=" + a.userAgent
                + ", resource=" + a.resource + ", bytes=" + a.bytes + ", eventId=" + a.eventId + ", message="
                + a.message + "]";
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
