package dev.cloudsift.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One parsed log record.
 *
 * @param event     its row of the common {@code events} table; null for records that are not events
 *                  (a CloudTrail digest, a Config delivery notice kept for the record)
 * @param rows      its rows in source tables; all share the record's row key with its {@code events} row. When
 *                  {@code event} is not null, {@code rows.get(0)} is the record's events row: a row of a table
 *                  whose {@link TableSchema#eventsProjection()} gives exactly {@code event} (and which satisfies
 *                  its {@link TableSchema#eventsFilter()}); any later row feeds no events row
 * @param dedupeKey the natural identity of the record across acquisitions (e.g. CloudTrail account + eventID);
 *                  records with an equal key are stored once. Null means never deduplicated.
 * @param position  where it starts in the file
 * @param anomalies what is odd about the record though it was stored ({@link Anomalies}: {@code no_time},
 *                  {@code time_out_of_range}, {@code duplicate_key:eventName}, ...), stored in {@code events.anomalies};
 *                  an event time outside {@link Anomalies#PLAUSIBLE_FROM} .. {@link Anomalies#PLAUSIBLE_TO} adds
 *                  {@code time_out_of_range} here, whichever reader built the record
 */
public record LogRecord(@Nullable Event event, List<TableRow> rows, @Nullable String dedupeKey, Position position,
        List<String> anomalies) implements ReadItem {
    public LogRecord {
        Objects.requireNonNull(rows, "rows");
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(anomalies, "anomalies");
        rows = List.copyOf(rows);
        if (event == null && rows.isEmpty()) {
            throw new IllegalArgumentException("a record needs an event or at least one table row");
        }
        if (event != null && Anomalies.outOfRange(event.eventTime()) && !anomalies.contains(Anomalies.TIME_OUT_OF_RANGE)) {
            List<String> more = new ArrayList<>(anomalies);
            more.add(Anomalies.TIME_OUT_OF_RANGE);
            anomalies = more;
        }
        anomalies = Anomalies.bounded(anomalies);
    }

    /** A record with nothing odd about it (beyond what its event time says). */
    public LogRecord(@Nullable Event event, List<TableRow> rows, @Nullable String dedupeKey, Position position) {
        this(event, rows, dedupeKey, position, List.of());
    }

    public static LogRecord of(Event event, TableRow row, @Nullable String dedupeKey, Position position) {
        return new LogRecord(event, List.of(row), dedupeKey, position);
    }

    /** This record with {@code more} anomalies added after its own (repeats dropped). */
    public LogRecord withAnomalies(List<String> more) {
        if (more.isEmpty()) {
            return this;
        }
        List<String> all = new ArrayList<>(anomalies);
        for (String anomaly : more) {
            if (!all.contains(anomaly)) {
                all.add(anomaly);
            }
        }
        return new LogRecord(event, rows, dedupeKey, position, all);
    }
}
