package dev.cloudsift.investigate.chains;

import dev.cloudsift.investigate.CaseTables;
import dev.cloudsift.investigate.Counted;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Follows credentials through the calls that issue new ones: the key a call returns in
 * {@code responseElements.credentials.accessKeyId} (or {@code responseElements.accessKey.accessKeyId} of a
 * {@code CreateAccessKey}, the usual persistence step) is the {@code userIdentity.accessKeyId} of the calls made with it.
 * From the given key (or every key of the given ARN) the walk goes back to the first key the case knows, then
 * forward through everything issued from there. Depth and the number of keys are bounded and each key is visited
 * once, so cycles (a role assuming itself) end the walk instead of looping.
 */
public final class RoleChains {
    public static final int MAX_DEPTH = 12;
    public static final int MAX_KEYS = 500;

    private static final Pattern INSTANCE_ID = Pattern.compile("i-[0-9a-f]{8}([0-9a-f]{9})?");

    /** The columns of the issuance summary {@link Issuance} is read from, in its order. */
    private static final String ISSUANCE_COLUMNS = "event_time, event_name, user_access_key_id, caller, issued, role_arn,"
            + " session_name, ip, caller_account, target_account";

    /** The temporary table of the calls made with the keys a walk reaches, while their activity is counted. */
    private static final String CALLS = "chain_calls";

    private final Connection connection;
    /**
     * The relation of the credential-issuing calls that one {@link #follow} reads. Calls are ordered by time, then by
     * the key they issued, so siblings issued in the same second come out in the same order every time.
     */
    private String issuances;
    private final Set<String> visited = new HashSet<>();
    /** What {@link #prefetch} read for the keys the walk may reach, so it does not scan once per key. */
    private final Map<String, List<Issuance>> issuedFromKey = new HashMap<>();
    private final Map<String, KeyActivity> activities = new HashMap<>();

    public RoleChains(Connection connection) {
        this.connection = Objects.requireNonNull(connection, "connection");
    }

    /** The trees for a key ({@code AKIA…}/{@code ASIA…}) or an ARN; empty when the case has no CloudTrail or no such key. */
    public List<ChainNode> follow(String keyOrArn) throws SQLException {
        visited.clear();
        if (!CaseTables.exists(connection, "cloudtrail")) {
            return List.of();
        }
        // The credential-issuing calls, with their JSON fields extracted, come from the catalogue's summary: reading
        // them from the parts decompressed the JSON columns of every part (2.4 CPU s a walk on 5M records).
        issuances = "(SELECT " + ISSUANCE_COLUMNS + " FROM " + Summaries.rows(connection, CaseSummaries.ISSUANCES) + " s)";
        Set<String> roots = new LinkedHashSet<>();
        for (String key : startKeys(keyOrArn)) {
            roots.add(topOf(key));
        }
        prefetch(roots);
        List<ChainNode> trees = new ArrayList<>();
        for (String root : roots) {
            if (!visited.contains(root)) {
                trees.add(walk(root, issuanceOf(root), 0));
            }
        }
        return trees;
    }

    private List<String> startKeys(String value) throws SQLException {
        if (!value.startsWith("arn:")) {
            return List.of(value);
        }
        List<String> keys = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT user_access_key_id, min(event_time) FROM cloudtrail
                WHERE user_access_key_id IS NOT NULL AND (user_arn = ? OR session_issuer_arn = ?)
                GROUP BY 1 ORDER BY 2, 1 LIMIT 50""")) {
            statement.setString(1, value);
            statement.setString(2, value);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    keys.add(result.getString(1));
                }
            }
        }
        // a role never used yet may still have been assumed: start from the keys issued for it
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT issued FROM " + issuances + " WHERE role_arn = ? AND issued IS NOT NULL ORDER BY event_time, issued LIMIT 50")) {
            statement.setString(1, value);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    if (!keys.contains(result.getString(1))) {
                        keys.add(result.getString(1));
                    }
                }
            }
        }
        return keys;
    }

    /** Walks back through issuers to the first key the case knows. */
    private String topOf(String key) throws SQLException {
        Set<String> seen = new HashSet<>();
        String current = key;
        for (int depth = 0; depth < MAX_DEPTH && seen.add(current); depth++) {
            Issuance issuance = issuanceOf(current);
            if (issuance == null || issuance.callerKey() == null) {
                return current;
            }
            current = issuance.callerKey();
        }
        return current;
    }

    private ChainNode walk(String key, Issuance issuedBy, int depth) throws SQLException {
        visited.add(key);
        KeyActivity activity = activity(key);
        if (depth >= MAX_DEPTH) {
            return new ChainNode(activity, issuedBy, List.of(), "depth bound of " + MAX_DEPTH + " reached");
        }
        List<ChainNode> children = new ArrayList<>();
        String note = null;
        for (Issuance issuance : issuedFrom(key)) {
            if (visited.contains(issuance.issuedKey())) {
                children.add(new ChainNode(activity(issuance.issuedKey()), issuance, List.of(), "already shown above (cycle)"));
            } else if (visited.size() >= MAX_KEYS) {
                note = "stopped after " + MAX_KEYS + " keys";
                break;
            } else {
                children.add(walk(issuance.issuedKey(), issuance, depth + 1));
            }
        }
        return new ChainNode(activity, issuedBy, children, note);
    }

    private Issuance issuanceOf(String key) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT * FROM " + issuances + " WHERE issued = ? ORDER BY event_time, issued LIMIT 1")) {
            statement.setString(1, key);
            List<Issuance> found = read(statement);
            return found.isEmpty() ? null : found.get(0);
        }
    }

    /**
     * Reads, level by level from the roots, what every key the walk can reach issued, then the activity of all of
     * them: a few scans of {@code cloudtrail} for the whole tree instead of four per key. Bounded like the walk.
     */
    private void prefetch(Set<String> roots) throws SQLException {
        issuedFromKey.clear();
        activities.clear();
        Set<String> seen = new LinkedHashSet<>(roots);
        List<String> frontier = new ArrayList<>(roots);
        // the walk visits at most MAX_KEYS keys and reads what each issued and did: prefetch that many (in
        // breadth-first order, a superset of what it visits first); anything beyond is read when reached
        for (int depth = 0; depth <= MAX_DEPTH && !frontier.isEmpty() && issuedFromKey.size() <= MAX_KEYS; depth++) {
            frontier = frontier.subList(0, Math.min(frontier.size(), MAX_KEYS + 1 - issuedFromKey.size()));
            for (String key : frontier) {
                issuedFromKey.put(key, new ArrayList<>());
            }
            try (PreparedStatement statement = connection.prepareStatement("SELECT * EXCLUDE (n) FROM (SELECT *, "
                    + "row_number() OVER (PARTITION BY user_access_key_id ORDER BY event_time, issued) AS n FROM "
                    + issuances + " WHERE user_access_key_id IN " + inList(frontier)
                    + " AND issued IS NOT NULL) WHERE n <= " + MAX_KEYS + " ORDER BY user_access_key_id, event_time, issued")) {
                for (Issuance issuance : read(statement)) {
                    issuedFromKey.get(issuance.callerKey()).add(issuance);
                }
            }
            List<String> next = new ArrayList<>();
            for (String key : frontier) {
                for (Issuance issuance : issuedFromKey.get(key)) {
                    if (seen.size() < 4 * MAX_KEYS && seen.add(issuance.issuedKey())) {
                        next.add(issuance.issuedKey());
                    }
                }
            }
            frontier = next;
        }
        activities.putAll(activities(seen));
    }

    /** A SQL list of string literals. */
    private static String inList(java.util.Collection<String> values) {
        StringBuilder list = new StringBuilder("(");
        for (String value : values) {
            list.append(list.length() == 1 ? "" : ", ").append('\'').append(value.replace("'", "''")).append('\'');
        }
        return list.append(')').toString();
    }

    private List<Issuance> issuedFrom(String key) throws SQLException {
        List<Issuance> known = issuedFromKey.get(key);
        if (known != null) {
            return known;
        }
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT * FROM " + issuances + " WHERE user_access_key_id = ? AND issued IS NOT NULL"
                        + " ORDER BY event_time, issued LIMIT " + MAX_KEYS)) {
            statement.setString(1, key);
            return read(statement);
        }
    }

    private static List<Issuance> read(PreparedStatement statement) throws SQLException {
        List<Issuance> issuances = new ArrayList<>();
        try (ResultSet result = statement.executeQuery()) {
            while (result.next()) {
                issuances.add(new Issuance(CaseTables.instant(result, 1), result.getString(2), result.getString(3),
                        result.getString(4), result.getString(5), result.getString(6), result.getString(7),
                        result.getString(8), result.getString(9), result.getString(10)));
            }
        }
        return issuances;
    }

    /** The activity of many keys in two scans (as {@link #activity} computes it for one). */
    private Map<String, KeyActivity> activities(Set<String> keys) throws SQLException {
        Map<String, KeyActivity> found = new HashMap<>();
        if (keys.isEmpty()) {
            return found;
        }
        Map<String, List<Counted>> actions = new HashMap<>();
        Map<String, List<Counted>> ips = new HashMap<>();
        try (Statement statement = connection.createStatement()) {
            // the keys' calls in one scan of cloudtrail, then counted twice
            statement.execute("CREATE OR REPLACE TEMP TABLE " + CALLS + " AS SELECT user_access_key_id, event_name,"
                    + " src_ip, source_ip_address, user_arn, user_account_id, recipient_account_id, ec2_role_delivery, event_time"
                    + " FROM cloudtrail WHERE user_access_key_id IN " + inList(keys));
        }
        try {
            activities(found, actions, ips);
        } finally {
            try (Statement statement = connection.createStatement()) {
                statement.execute("DROP TABLE IF EXISTS " + CALLS);
            }
        }
        for (String key : keys) {
            found.computeIfAbsent(key, k -> activity(k, null, null, null, 0, null, null, List.of(), List.of()));
        }
        return found;
    }

    private void activities(Map<String, KeyActivity> found, Map<String, List<Counted>> actions, Map<String, List<Counted>> ips)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT k, kind, v, c FROM ("
                + "SELECT k, kind, v, c, row_number() OVER (PARTITION BY k, kind ORDER BY c DESC, v) AS n FROM ("
                + "SELECT user_access_key_id AS k, 'a' AS kind, event_name AS v, count(*) AS c FROM " + CALLS
                + " WHERE event_name IS NOT NULL GROUP BY 1, 3 "
                + "UNION ALL SELECT user_access_key_id, 'i', coalesce(src_ip, source_ip_address), count(*) FROM " + CALLS
                + " WHERE coalesce(src_ip, source_ip_address) IS NOT NULL "
                + "GROUP BY 1, 3)) WHERE n <= 3 ORDER BY k, kind, n");
             ResultSet result = statement.executeQuery()) {
            while (result.next()) {
                (result.getString(2).equals("a") ? actions : ips).computeIfAbsent(result.getString(1), k -> new ArrayList<>())
                        .add(new Counted(result.getString(3), result.getLong(4)));
            }
        }
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT user_access_key_id, mode(user_arn), mode(coalesce(user_account_id, recipient_account_id)),
                       max(ec2_role_delivery), count(*), min(event_time), max(event_time)
                FROM\s""" + CALLS + " GROUP BY 1");
             ResultSet result = statement.executeQuery()) {
            while (result.next()) {
                String key = result.getString(1);
                found.put(key, activity(key, result.getString(2), result.getString(3), result.getString(4),
                        result.getLong(5), CaseTables.instant(result, 6), CaseTables.instant(result, 7),
                        actions.getOrDefault(key, List.of()), ips.getOrDefault(key, List.of())));
            }
        }
    }

    private KeyActivity activity(String key) throws SQLException {
        KeyActivity known = activities.get(key);
        if (known != null) {
            return known;
        }
        String principal = null;
        String account = null;
        String delivery = null;
        long calls = 0;
        java.time.Instant first = null;
        java.time.Instant last = null;
        List<Counted> actions = new ArrayList<>();
        List<Counted> ips = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT mode(user_arn), mode(coalesce(user_account_id, recipient_account_id)), max(ec2_role_delivery),
                       count(*), min(event_time), max(event_time)
                FROM cloudtrail WHERE user_access_key_id = ?""")) {
            statement.setString(1, key);
            try (ResultSet result = statement.executeQuery()) {
                if (result.next()) {
                    principal = result.getString(1);
                    account = result.getString(2);
                    delivery = result.getString(3);
                    calls = result.getLong(4);
                    first = CaseTables.instant(result, 5);
                    last = CaseTables.instant(result, 6);
                }
            }
        }
        if (calls > 0) {
            actions = top(key, "event_name");
            ips = top(key, "coalesce(src_ip, source_ip_address)");
        }
        return activity(key, principal, account, delivery, calls, first, last, actions, ips);
    }

    private static KeyActivity activity(String key, String principal, String account, String delivery, long calls,
                                        java.time.Instant first, java.time.Instant last, List<Counted> actions,
                                        List<Counted> ips) {
        String instance = null;
        if (principal != null) {
            String session = principal.substring(principal.lastIndexOf('/') + 1);
            if (INSTANCE_ID.matcher(session).matches()) {
                instance = session;
            }
        }
        return new KeyActivity(key, principal, account, calls, first, last, actions, ips, instance, delivery);
    }

    private List<Counted> top(String key, String expression) throws SQLException {
        List<Counted> top = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT " + expression + " AS v, count(*) AS n FROM cloudtrail"
                + " WHERE user_access_key_id = ? AND v IS NOT NULL GROUP BY 1 ORDER BY n DESC, v LIMIT 3")) {
            statement.setString(1, key);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    top.add(new Counted(result.getString(1), result.getLong(2)));
                }
            }
        }
        return top;
    }
}
