package dev.cloudsift.investigate.gaps;

import dev.cloudsift.investigate.CaseTables;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which of the six seed sources each account and region has, and what the missing ones leave invisible. Records
 * without a region (S3 access logs often have none) count for every region of their account.
 */
public final class Coverage {
    /** The sources every AWS investigation should have, in the order they are reported. */
    public static final List<String> SEED_SOURCES = List.of("cloudtrail", "cloudwatch", "config", "s3access", "vpcflow", "waf");

    private final Connection connection;

    public Coverage(Connection connection) {
        this.connection = connection;
    }

    public List<CoverageRow> find() throws SQLException {
        Map<String, Map<String, Set<String>>> byAccount = new TreeMap<>();
        Map<String, Set<String>> regionless = new TreeMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(
                     "SELECT DISTINCT coalesce(account_id, '(unknown)'), region, source FROM events")) {
            while (result.next()) {
                String account = result.getString(1);
                String region = result.getString(2);
                if (region == null || region.isEmpty()) {
                    regionless.computeIfAbsent(account, a -> new TreeSet<>()).add(result.getString(3));
                    byAccount.computeIfAbsent(account, a -> new TreeMap<>());
                } else {
                    byAccount.computeIfAbsent(account, a -> new TreeMap<>()).computeIfAbsent(region, r -> new TreeSet<>())
                            .add(result.getString(3));
                }
            }
        }
        Set<String> accountsWithDataEvents = accountsWithDataEvents();
        List<CoverageRow> rows = new ArrayList<>();
        for (Map.Entry<String, Map<String, Set<String>>> account : byAccount.entrySet()) {
            Map<String, Set<String>> regions = account.getValue();
            if (regions.isEmpty()) {
                regions.put("(no region)", new TreeSet<>());
            }
            for (Map.Entry<String, Set<String>> region : regions.entrySet()) {
                Set<String> present = new HashSet<>(region.getValue());
                present.addAll(regionless.getOrDefault(account.getKey(), Set.of()));
                List<String> have = SEED_SOURCES.stream().filter(present::contains).toList();
                List<String> missing = SEED_SOURCES.stream().filter(source -> !present.contains(source)).toList();
                List<String> blind = new ArrayList<>();
                for (String source : missing) {
                    blind.add(blindSpot(source, accountsWithDataEvents.contains(account.getKey())));
                }
                rows.add(new CoverageRow(account.getKey(), region.getKey(), have, missing, blind));
            }
        }
        return rows;
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
