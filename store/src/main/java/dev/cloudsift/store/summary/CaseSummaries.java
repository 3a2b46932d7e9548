package dev.cloudsift.store.summary;

import java.util.List;

/** The summaries the store keeps up to date after every ingest, compaction and catalogue rebuild. */
public final class CaseSummaries {
    /**
     * Records per account, region, source, format (of the file that delivered them) and minute, with their first and
     * last time and the previous active minute of the same series on the same date: what {@code gaps} reads for
     * silences and coverage. Account and region are '' when a record names none; rows without a time and metric
     * spikes (derived in the catalogue, not stored in parts) are left out.
     */
    public static final Summary ACTIVITY = new Summary("activity_minutes",
            "records per account, region, source, format and minute", List.of(), """
            SELECT part_date, account_id, region, source, format, minute, records, first_time, last_time,
                   lag(minute) OVER (PARTITION BY part_date, account_id, region, source, format ORDER BY minute) AS previous
            FROM (
              SELECT e.part_date, coalesce(e.account_id, '') AS account_id, coalesce(e.region, '') AS region, e.source,
                     f.format, date_trunc('minute', e.event_time) AS minute, count(*) AS records,
                     min(e.event_time) AS first_time, max(e.event_time) AS last_time
              FROM (SELECT * FROM events WHERE {dates}) e LEFT JOIN ingest_files f ON f.file_id = e.file_id
              WHERE e.event_time IS NOT NULL AND e.source <> 'metrics'
              GROUP BY e.part_date, coalesce(e.account_id, ''), coalesce(e.region, ''), e.source, f.format,
                       date_trunc('minute', e.event_time))""");

    private CaseSummaries() {}

    /** Every summary, in the order they are refreshed. */
    public static List<Summary> all() {
        return List.of(ACTIVITY);
    }
}
