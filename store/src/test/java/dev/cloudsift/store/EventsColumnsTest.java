package dev.cloudsift.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudsift.core.EventsProjection;
import org.junit.jupiter.api.Test;

/** The events columns formats project onto are the ones the case's events table has, in the same order. */
class EventsColumnsTest {
    @Test
    void eventsTableStartsWithTheProjectedColumnsThenAddsOnlyTheStoresOwn() {
        assertThat(CaseSchema.EVENTS.columns().subList(0, EventsProjection.COLUMNS.size()))
                .containsExactlyElementsOf(EventsProjection.COLUMNS);
        assertThat(CaseSchema.EVENTS.columns().subList(EventsProjection.COLUMNS.size(), CaseSchema.EVENTS.columns().size()))
                .extracting(column -> column.name())
                .containsExactly("origin_file", "origin_offset", "file_id", "origin_length", "origin_envelope", "anomalies",
                        "src_country", "src_city", "src_asn", "src_as_org", "dst_country", "dst_city", "dst_asn", "dst_as_org",
                        "part_date");
    }
}
