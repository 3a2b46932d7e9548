package dev.cloudsift.investigate.gaps;

import dev.cloudsift.investigate.CaseTables;
import dev.cloudsift.store.summary.CaseSummaries;
import dev.cloudsift.store.summary.Summaries;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which of the six seed sources each account and region has, with records and first/last time, and what the missing
 * ones leave invisible. Many records name no account (S3 access logs, CloudWatch exports, WAF) or no region: a record
 * without an account counts for every account seen in its region (the case's only account when none is), a record
 * without a region for every region of its account. A region the case knows only from a few CloudTrail calls (an
 * attacker's recon, a console listing regions) and the {@code global} pseudo-region are listed but not judged: nobody
 * expects flow logs there, so calling them gaps would bury the real ones.
 */
public final class Coverage {
    /** The sources every AWS investigation should have, in the order they are reported. */
    public static final List<String> SEED_SOURCES = List.of("cloudtrail", "cloudwatch", "config", "s3access", "vpcflow", "waf");
    /**
     * A CloudTrail-only region holding less than this share of its account's CloudTrail records, and not its busiest,
     * is not judged (IAM and STS calls land in us-east-1 whatever region the workload runs in).
     */
    public static final double MINOR_REGION_SHARE = 0.25;
    /** A CloudTrail-only region with fewer records than this is not judged either (an account seen in one call). */
    public static final int MINOR_REGION_RECORDS = 20;

    static final String UNKNOWN_ACCOUNT = "(unknown)";
    static final String NO_REGION = "(no region)";
    private static final Set<String> PSEUDO_REGIONS = Set.of("global", "aws-global");

    private final Connection connection;

    public Coverage(Connection connection) {
        this.connection = connection;
    }

    public List<CoverageRow> find() throws SQLException {
        if (!CaseTables.exists(connection, "events")) {
            return List.of();
        }
        // (account, region) -> source -> span; "" stands for a missing account or region
        Map<List<String>, Map<String, SourceSpan>> cells = new HashMap<>();
        String sources = String.join(", ", SEED_SOURCES.stream().map(s -> "'" + s + "'").toList());
        // the activity summary holds the records with a time, account and region '' when missing, per minute
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT account_id, region, source, CAST(sum(records) AS BIGINT), min(first_time), max(last_time) FROM "
                        + Summaries.rows(connection, CaseSummaries.ACTIVITY) + " a WHERE source IN (" + sources + ") GROUP BY ALL");
             ResultSet result = statement.executeQuery()) {
            while (result.next()) {
                SourceSpan span = new SourceSpan(result.getLong(4), CaseTables.instant(result, 5), CaseTables.instant(result, 6));
                cells.computeIfAbsent(List.of(result.getString(1).strip(), result.getString(2).strip()), k -> new HashMap<>())
                        .merge(result.getString(3), span, SourceSpan::plus);
            }
        }
        Set<String> accounts = new TreeSet<>();
        Map<String, Set<String>> regionsOf = new TreeMap<>();
        for (List<String> key : cells.keySet()) {
            if (!key.get(0).isEmpty()) {
                accounts.add(key.get(0));
                if (!key.get(1).isEmpty()) {
                    regionsOf.computeIfAbsent(key.get(0), a -> new TreeSet<>()).add(key.get(1));
                }
            }
        }
        // regional records first (own account, then account-less ones of the same region), which decide the scope
        Map<List<String>, Map<String, SourceSpan>> rows = new TreeMap<>(java.util.Comparator.comparing((List<String> k) -> k.get(0))
                .thenComparing(k -> k.get(1)));
        for (Map.Entry<List<String>, Map<String, SourceSpan>> cell : cells.entrySet()) {
            String account = cell.getKey().get(0);
            String region = cell.getKey().get(1);
            if (region.isEmpty()) {
                continue;
            }
            List<String> owners = account.isEmpty() ? ownersOf(region, accounts, regionsOf) : List.of(account);
            for (String owner : owners) {
                merge(rows.computeIfAbsent(List.of(owner, region), k -> new HashMap<>()), cell.getValue());
            }
        }
        Map<String, Long> trailRecords = new HashMap<>();
        Map<String, Long> busiestTrail = new HashMap<>();
        rows.forEach((key, spans) -> {
            long trail = spans.containsKey("cloudtrail") ? spans.get("cloudtrail").records() : 0;
            trailRecords.merge(key.get(0), trail, Long::sum);
            busiestTrail.merge(key.get(0), trail, Math::max);
        });
        // the scope is decided on regional records alone: records of unknown region are credited to judged regions only
        Map<List<String>, String> outOfScope = new HashMap<>();
        rows.forEach((key, spans) -> outOfScope.put(key, outOfScope(key.get(1), spans,
                trailRecords.getOrDefault(key.get(0), 0L), busiestTrail.getOrDefault(key.get(0), 0L))));
        for (Map.Entry<List<String>, Map<String, SourceSpan>> cell : cells.entrySet()) {
            String account = cell.getKey().get(0);
            if (!cell.getKey().get(1).isEmpty()) {
                continue;
            }
            List<List<String>> targets = new ArrayList<>();
            for (List<String> key : rows.keySet()) {
                if ((account.isEmpty() || key.get(0).equals(account)) && outOfScope.get(key) == null) {
                    targets.add(key);
                }
            }
            if (targets.isEmpty()) {
                for (List<String> key : rows.keySet()) {
                    if (key.get(0).equals(account)) {
                        targets.add(key);
                    }
                }
            }
            if (targets.isEmpty()) {
                targets.add(List.of(account.isEmpty() ? (accounts.size() == 1 ? accounts.iterator().next() : UNKNOWN_ACCOUNT)
                        : account, NO_REGION));
            }
            for (List<String> target : targets) {
                merge(rows.computeIfAbsent(target, k -> new HashMap<>()), cell.getValue());
            }
        }
        Set<String> accountsWithDataEvents = accountsWithDataEvents();
        List<CoverageRow> result = new ArrayList<>();
        for (Map.Entry<List<String>, Map<String, SourceSpan>> row : rows.entrySet()) {
            String account = row.getKey().get(0);
            String region = row.getKey().get(1);
            Map<String, SourceSpan> spans = row.getValue();
            List<String> missing = SEED_SOURCES.stream().filter(source -> !spans.containsKey(source)).toList();
            List<String> blind = new ArrayList<>();
            for (String source : missing) {
                blind.add(blindSpot(source, accountsWithDataEvents.contains(account)));
            }
            result.add(new CoverageRow(account, region, spans, missing, blind, outOfScope.get(row.getKey())));
        }
        return result;
    }

    /** The accounts an account-less record of this region may belong to. */
    private static List<String> ownersOf(String region, Set<String> accounts, Map<String, Set<String>> regionsOf) {
        List<String> owners = new ArrayList<>();
        regionsOf.forEach((account, regions) -> {
            if (regions.contains(region)) {
                owners.add(account);
            }
        });
        if (owners.isEmpty()) {
            owners.add(accounts.size() == 1 ? accounts.iterator().next() : UNKNOWN_ACCOUNT);
        }
        return owners;
    }

    private static void merge(Map<String, SourceSpan> into, Map<String, SourceSpan> from) {
        from.forEach((source, span) -> into.merge(source, span, SourceSpan::plus));
    }

    private static String outOfScope(String region, Map<String, SourceSpan> regional, long accountTrail, long busiestTrail) {
        if (PSEUDO_REGIONS.contains(region)) {
            return "global resources, not a region";
        }
        if (regional.keySet().equals(Set.of("cloudtrail"))) {
            long here = regional.get("cloudtrail").records();
            if (here < MINOR_REGION_RECORDS || here < busiestTrail && here < MINOR_REGION_SHARE * accountTrail) {
                return "only " + here + " CloudTrail record" + (here == 1 ? "" : "s") + " (calls reaching into the region)";
            }
        }
        return null;
    }

    private Set<String> accountsWithDataEvents() throws SQLException {
        Set<String> accounts = new HashSet<>();
        if (!CaseTables.exists(connection, "cloudtrail")) {
            return accounts;
        }
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("""
                     SELECT DISTINCT coalesce(recipient_account_id, user_account_id) FROM cloudtrail
                     WHERE event_category = 'Data' OR management_event = false""")) {
            while (result.next()) {
                accounts.add(result.getString(1));
            }
        }
        return accounts;
    }

    static String blindSpot(String source, boolean dataEvents) {
        return switch (source) {
            case "cloudtrail" -> "no CloudTrail: API calls (who changed what, sign-ins, role assumptions, key creation) cannot be seen";
            case "cloudwatch" -> "no CloudWatch Logs: host logs (SSH, sudo, applications) and Lambda output cannot be seen";
            case "config" -> "no AWS Config: how resources looked before and after a change (security groups, bucket policies) cannot be seen";
            case "s3access" -> dataEvents
                    ? "no S3 server access logs: anonymous requests and requests refused before authentication cannot be seen;"
                            + " object access is visible only through CloudTrail data events"
                    : "no S3 server access logs and no CloudTrail data events: object reads and writes cannot be seen";
            case "vpcflow" -> "no VPC flow logs: network connections (scanning, lateral movement, exfiltration volume) cannot be seen";
            case "waf" -> "no WAF logs: web requests to protected sites (injection attempts, credential stuffing) cannot be seen";
            default -> "no " + source;
        };
    }
}
