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

    /**
     * The CloudTrail calls that issued a credential ({@code AssumeRole*}, {@code GetSessionToken},
     * {@code GetFederationToken}, {@code CreateAccessKey}) with the fields {@code chain} follows keys by, already
     * extracted from their JSON: the issued key, the calling key and principal, the role ARN and session name asked
     * for, time, source address and the caller's and target account. Calls that returned no key are left out. Reading
     * them from the parts meant decompressing and parsing the JSON columns of every part at each {@code chain}. It reads
     * the view of the stored columns ({@code CaseParts.stored}), the one that carries {@code part_date}.
     */
    public static final Summary ISSUANCES = new Summary("credential_issuances",
            "credential-issuing CloudTrail calls with the keys they issued", List.of("cloudtrail"), """
            SELECT part_date, event_time, event_name, user_access_key_id, caller, issued, role_arn, session_name, ip,
                   caller_account, target_account
            FROM (
              SELECT part_date, event_time, event_name, user_access_key_id, caller, coalesce(r[1], r[2]) AS issued,
                     p[1] AS role_arn, coalesce(p[2], p[3], p[4]) AS session_name, ip, caller_account,
                     coalesce(split_part(p[1], ':', 5), recipient_account_id) AS target_account
              FROM (
                SELECT part_date, event_time, event_name, user_access_key_id,
                       coalesce(user_arn, user_invoked_by, user_identity_provider, user_principal_id) AS caller,
                       json_extract_string(response_elements, ['$.credentials.accessKeyId', '$.accessKey.accessKeyId']) AS r,
                       json_extract_string(request_parameters, ['$.roleArn', '$.roleSessionName', '$.name', '$.userName']) AS p,
                       coalesce(src_ip, source_ip_address) AS ip,
                       coalesce(user_account_id, recipient_account_id) AS caller_account, recipient_account_id
                FROM stored_cloudtrail
                WHERE {dates} AND event_name IN ('AssumeRole', 'AssumeRoleWithSAML', 'AssumeRoleWithWebIdentity',
                                                 'GetSessionToken', 'GetFederationToken', 'CreateAccessKey')))
            WHERE issued IS NOT NULL""");

    private CaseSummaries() {}

    /** Every summary, in the order they are refreshed. */
    public static List<Summary> all() {
        return List.of(ACTIVITY, ISSUANCES);
    }
}
