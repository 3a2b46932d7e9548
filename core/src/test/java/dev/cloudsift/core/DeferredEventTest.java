package dev.cloudsift.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DeferredEventTest {
    private static final Instant TIME = Instant.parse("2025-11-04T09:15:00Z");

    private static Event whole() {
        return Event.builder("vpcflow").eventTime(TIME).action("ACCEPT").outcome(Outcome.SUCCESS).srcPort(22)
                .bytes(1840L).message("ACCEPT tcp 203.0.113.45:51514 -> 198.51.100.10:22").build();
    }

    @Test
    void timeAndSourceAreReadWithoutWorkingOutTheRest() {
        AtomicInteger workedOut = new AtomicInteger();
        Event deferred = Event.deferred("vpcflow", TIME, () -> {
            workedOut.incrementAndGet();
            return whole();
        });

        assertThat(deferred.eventTime()).isEqualTo(TIME);
        assertThat(deferred.source()).isEqualTo("vpcflow");
        assertThat(workedOut).hasValue(0);
    }

    @Test
    void theOtherFieldsAreWorkedOutOnceAndEqualTheWholeEvent() {
        AtomicInteger workedOut = new AtomicInteger();
        Event deferred = Event.deferred("vpcflow", TIME, () -> {
            workedOut.incrementAndGet();
            return whole();
        });

        assertThat(deferred.message()).isEqualTo("ACCEPT tcp 203.0.113.45:51514 -> 198.51.100.10:22");
        assertThat(deferred.outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(deferred.srcPort()).isEqualTo(22);
        assertThat(deferred.bytes()).isEqualTo(1840L);
        assertThat(deferred).isEqualTo(whole()).hasSameHashCodeAs(whole()).hasToString(whole().toString());
        assertThat(workedOut).hasValue(1);
    }

    @Test
    void fieldsOfAnotherTimeAreRefused() {
        Event deferred = Event.deferred("vpcflow", TIME.plusSeconds(1), DeferredEventTest::whole);

        assertThatThrownBy(deferred::message).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("another time or source");
    }
}
