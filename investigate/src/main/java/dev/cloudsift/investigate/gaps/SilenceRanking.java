package dev.cloudsift.investigate.gaps;

import dev.cloudsift.investigate.CaseTables;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Puts the silences that matter first and pairs trail stops with their restarts. A silence is tampering-linked when a
 * call that switches off its source (StopLogging, DeleteTrail, UpdateTrail or PutEventSelectors for CloudTrail,
 * DeleteFlowLogs for flow logs, …) was made in its account shortly before or during it, or when a StartLogging ends
 * it; linked silences come first, then the longest. A case of a real breach has hundreds of silences (quiet
 * nights of small series), and the one an attacker made must not be line 42.
 */
public final class SilenceRanking {
    /** A call this long before the last record of a series still explains the silence (delivery lags the call). */
    public static final Duration LEAD = Duration.ofMinutes(30);
    /** A StartLogging within this of a silence's end is what ended it. */
    public static final Duration RESTART_SLACK = Duration.ofMinutes(30);

    /** The source a call switches off. */
    private static final Map<String, String> SOURCE_OF_CALL = Map.ofEntries(
            Map.entry("StopLogging", "cloudtrail"), Map.entry("DeleteTrail", "cloudtrail"),
            Map.entry("UpdateTrail", "cloudtrail"), Map.entry("PutEventSelectors", "cloudtrail"),
            Map.entry("DeleteFlowLogs", "vpcflow"), Map.entry("StopConfigurationRecorder", "config"),
            Map.entry("DeleteConfigurationRecorder", "config"), Map.entry("DeleteDeliveryChannel", "config"),
            Map.entry("DeleteLogGroup", "cloudwatch"), Map.entry("DeleteLogStream", "cloudwatch"),
            Map.entry("DeleteSubscriptionFilter", "cloudwatch"), Map.entry("PutBucketLogging", "s3access"),
            Map.entry("DeleteLoggingConfiguration", "waf"), Map.entry("DeleteWebACL", "waf"));

    private static final String TRAIL_CALLS = """
            SELECT event_time, coalesce(recipient_account_id, user_account_id), aws_region, event_name,
                   coalesce(json_extract_string(request_parameters, '$.name'), ''),
                   coalesce(user_arn, session_issuer_arn, user_invoked_by, user_principal_id), src_ip
            FROM stored_cloudtrail
            WHERE %s AND event_name IN ('StopLogging', 'StartLogging') AND coalesce(error_code, '') = '' AND event_time IS NOT NULL
            ORDER BY event_time""";

    private final Connection connection;

    public SilenceRanking(Connection connection) {
        this.connection = Objects.requireNonNull(connection, "connection");
    }

    /** Trail stops, each with its restart and silence, in time order. */
    public List<LoggingPause> pauses(List<Silence> silences) throws SQLException {
        List<LoggingPause> pauses = new ArrayList<>();
        if (!CaseTables.exists(connection, "cloudtrail")) {
            return pauses;
        }
        List<TrailCall> calls = new ArrayList<>();
        String dates = CaseTables.datesMatching(connection, "cloudtrail", "event_name IN ('StopLogging', 'StartLogging')");
        if (dates == null) {
            return pauses;
        }
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(TRAIL_CALLS.formatted(dates))) {
            while (result.next()) {
                calls.add(new TrailCall(CaseTables.instant(result, 1), result.getString(2), result.getString(3),
                        result.getString(4).equals("StopLogging"), trailName(result.getString(5)), result.getString(6),
                        result.getString(7)));
            }
        }
        Set<TrailCall> used = new HashSet<>();
        for (TrailCall stop : calls) {
            if (!stop.stop()) {
                continue;
            }
            TrailCall start = calls.stream().filter(call -> !call.stop() && !used.contains(call) && call.time().isAfter(stop.time())
                    && Objects.equals(call.account(), stop.account()) && call.trail().equals(stop.trail())).findFirst().orElse(null);
            if (start != null) {
                used.add(start);
            }
            Instant end = start == null ? null : start.time();
            Silence caused = silences.stream()
                    .filter(s -> baseSource(s.source()).equals("cloudtrail") && s.accountId().equals(Objects.toString(stop.account(), "")))
                    .filter(s -> !s.lastBefore().isAfter(stop.time().plus(LEAD)) && s.firstAfter().isAfter(stop.time()))
                    .max(Comparator.comparing((Silence s) -> s.region().equals(Objects.toString(stop.region(), "")))
                            .thenComparing(s -> overlap(s, stop.time(), end)))
                    .orElse(null);
            pauses.add(new LoggingPause(stop.time(), stop.account(), stop.region(), stop.trail(), stop.principal(), stop.srcIp(),
                    end, start == null ? null : start.principal(), start == null ? null : start.srcIp(), caused));
        }
        return pauses;
    }

    /** Every silence with its cause and restart, tampering-linked first, then the longest. */
    public static List<RankedSilence> rank(List<Silence> silences, List<TamperingEvent> tampering, List<LoggingPause> pauses) {
        List<RankedSilence> ranked = new ArrayList<>();
        for (Silence silence : silences) {
            String source = baseSource(silence.source());
            TamperingEvent cause = tampering.stream()
                    .filter(event -> !event.failed() && source.equals(SOURCE_OF_CALL.get(event.action())))
                    .filter(event -> silence.accountId().equals(Objects.toString(event.accountId(), "")))
                    .filter(event -> source.equals("cloudtrail") || event.region() == null
                            || silence.region().equals(event.region()) || silence.region().isEmpty())
                    .filter(event -> !event.time().isBefore(silence.lastBefore().minus(LEAD))
                            && !event.time().isAfter(silence.firstAfter()))
                    .min(Comparator.comparing((TamperingEvent event) -> !Objects.equals(event.region(), silence.region()))
                            .thenComparing(event -> Duration.between(silence.lastBefore(), event.time()).abs()))
                    .orElse(null);
            Instant restart = source.equals("cloudtrail") && !silence.untilCaseEnd() ? pauses.stream()
                    .map(LoggingPause::restart).filter(Objects::nonNull)
                    .filter(time -> Duration.between(time, silence.firstAfter()).abs().compareTo(RESTART_SLACK) <= 0)
                    .findFirst().orElse(null) : null;
            ranked.add(new RankedSilence(silence, cause, restart));
        }
        ranked.sort(Comparator.comparing((RankedSilence r) -> !r.tamperingLinked())
                .thenComparing(r -> r.silence().length(), Comparator.reverseOrder())
                .thenComparing(r -> r.silence().lastBefore()));
        return ranked;
    }

    /** "cloudtrail (cloudtrail.s3)" → "cloudtrail". */
    static String baseSource(String source) {
        int space = source.indexOf(' ');
        return space < 0 ? source : source.substring(0, space);
    }

    /** "arn:aws:cloudtrail:eu-west-1:1:trail/main" and "main" → "main". */
    static String trailName(String nameOrArn) {
        int slash = nameOrArn.lastIndexOf('/');
        return slash < 0 ? nameOrArn : nameOrArn.substring(slash + 1);
    }

    private static Duration overlap(Silence silence, Instant from, Instant to) {
        Instant start = silence.lastBefore().isAfter(from) ? silence.lastBefore() : from;
        Instant end = to == null || silence.firstAfter().isBefore(to) ? silence.firstAfter() : to;
        return end.isAfter(start) ? Duration.between(start, end) : Duration.ZERO;
    }

    /** "2 h 5 min", "45 min", "3 d 4 h". */
    public static String duration(Duration length) {
        long minutes = length.toMinutes();
        if (minutes < 60) {
            return minutes + " min";
        }
        if (minutes < 48 * 60) {
            return minutes / 60 + " h" + (minutes % 60 == 0 ? "" : " " + minutes % 60 + " min");
        }
        return minutes / 1440 + " d" + (minutes % 1440 / 60 == 0 ? "" : " " + minutes % 1440 / 60 + " h");
    }

    private record TrailCall(Instant time, String account, String region, boolean stop, String trail, String principal,
            String srcIp) {}
}
