package dev.cloudsift.core;

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
 */
public record LogRecord(@Nullable Event event, List<TableRow> rows, @Nullable String dedupeKey, Position position)
        implements ReadItem {
    public LogRecord {
        Objects.requireNonNull(rows, "rows");
        Objects.requireNonNull(position, "position");
        rows = List.copyOf(rows);
        if (event == null && rows.isEmpty()) {
            throw new IllegalArgumentException("a record needs an event or at least one table row");
        }
    }

    public static LogRecord of(Event event, TableRow row, @Nullable String dedupeKey, Position position) {
        return new LogRecord(event, List.of(row), dedupeKey, position);
    }
}
