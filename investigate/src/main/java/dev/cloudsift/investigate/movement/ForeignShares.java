package dev.cloudsift.investigate.movement;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cloudsift.core.Json;
import dev.cloudsift.investigate.CaseTables;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resources opened to accounts outside the case, read from successful CloudTrail calls: an EBS snapshot's
 * {@code createVolumePermission} or an AMI's {@code launchPermission} given to a user id or to group {@code all},
 * an RDS (cluster) snapshot's {@code restore} attribute given to an account or {@code all}, and a bucket policy
 * whose Allow statements name another account or everyone ({@code "*"}). Each (call, resource, recipient) is one
 * share; no log says how many bytes the recipient then copied, so shares carry no byte count.
 */
final class ForeignShares {
    /** Everyone: a public snapshot, image or bucket. */
    static final String EVERYONE = "everyone";
    private static final Pattern ACCOUNT = Pattern.compile("^(?:arn:aws[a-z-]*:iam::)?([0-9]{12})(?::.*)?$");

    private ForeignShares() {}

    static List<MovementRow> read(Connection connection, MovementFilter filter) throws SQLException {
        if (!CaseTables.exists(connection, "cloudtrail")) {
            return List.of();
        }
        Set<String> own = OwnAccounts.of(connection);
        String sql = """
                SELECT event_time, event_name, COALESCE(user_arn, principal), user_access_key_id,
                       COALESCE(src_ip, source_ip_address), CAST(request_parameters AS VARCHAR)
                FROM cloudtrail
                WHERE event_name IN ('ModifySnapshotAttribute', 'ModifyImageAttribute', 'ModifyDBSnapshotAttribute',
                                     'ModifyDBClusterSnapshotAttribute', 'PutBucketPolicy')
                  AND error_code IS NULL AND request_parameters IS NOT NULL
                  AND (CAST(? AS TIMESTAMP) IS NULL OR event_time >= CAST(? AS TIMESTAMP))
                  AND (CAST(? AS TIMESTAMP) IS NULL OR event_time < CAST(? AS TIMESTAMP))
                ORDER BY event_time, row_id""";
        Map<List<String>, MovementRow> rows = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            Object from = filter.from() == null ? null : CaseTables.sqlTime(filter.from());
            Object to = filter.to() == null ? null : CaseTables.sqlTime(filter.to());
            statement.setObject(1, from);
            statement.setObject(2, from);
            statement.setObject(3, to);
            statement.setObject(4, to);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    JsonNode parameters = parse(result.getString(6));
                    if (parameters == null) {
                        continue;
                    }
                    String eventName = result.getString(2);
                    String resource = resource(eventName, parameters);
                    Instant time = CaseTables.instant(result, 1);
                    for (String recipient : recipients(eventName, parameters)) {
                        String destination = EVERYONE.equals(recipient) ? EVERYONE : "account " + recipient;
                        if (!EVERYONE.equals(recipient) && own.contains(recipient)) {
                            continue;
                        }
                        MovementRow row = new MovementRow(MovementKind.SHARE, result.getString(3), result.getString(4),
                                result.getString(5), resource, destination, 1, 1L, null, time, time,
                                Map.of("cloudtrail " + eventName, 1L));
                        if (filter.entity() != null && !row.names(filter.entity()) && !recipient.equals(filter.entity())) {
                            continue;
                        }
                        rows.merge(List.of(String.valueOf(row.principal()), String.valueOf(row.accessKeyId()),
                                String.valueOf(row.sourceIp()), String.valueOf(resource), destination), row, ForeignShares::merge);
                    }
                }
            }
        }
        return new ArrayList<>(rows.values());
    }

    private static MovementRow merge(MovementRow a, MovementRow b) {
        Map<String, Long> sources = new LinkedHashMap<>(a.sources());
        b.sources().forEach((k, v) -> sources.merge(k, v, Long::sum));
        return new MovementRow(a.kind(), a.principal(), a.accessKeyId(), a.sourceIp(), a.resource(), a.destination(),
                a.requests() + b.requests(), 1L, null, a.first(), b.last(), sources);
    }

    private static JsonNode parse(String text) {
        if (text == null) {
            return null;
        }
        try {
            JsonNode node = Json.MAPPER.readTree(text);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String resource(String eventName, JsonNode parameters) {
        return switch (eventName) {
            case "ModifySnapshotAttribute" -> text(parameters, "snapshotId");
            case "ModifyImageAttribute" -> text(parameters, "imageId");
            case "ModifyDBSnapshotAttribute" -> text(parameters, "dBSnapshotIdentifier");
            case "ModifyDBClusterSnapshotAttribute" -> text(parameters, "dBClusterSnapshotIdentifier");
            default -> {
                String bucket = text(parameters, "bucketName");
                yield bucket == null ? null : "s3://" + bucket;
            }
        };
    }

    /** Account ids (or {@link #EVERYONE}) the call opened the resource to, in the order the call names them. */
    static Set<String> recipients(String eventName, JsonNode parameters) {
        Set<String> out = new LinkedHashSet<>();
        switch (eventName) {
            case "ModifySnapshotAttribute" -> permissionItems(parameters.path("createVolumePermission").path("add"), out);
            case "ModifyImageAttribute" -> permissionItems(parameters.path("launchPermission").path("add"), out);
            case "ModifyDBSnapshotAttribute", "ModifyDBClusterSnapshotAttribute" -> {
                if ("restore".equalsIgnoreCase(text(parameters, "attributeName"))) {
                    for (JsonNode value : values(parameters.path("valuesToAdd"))) {
                        addAccount(value.asText(), out);
                    }
                }
            }
            default -> policyPrincipals(parameters.path("bucketPolicy"), out);
        }
        return out;
    }

    /** {@code {"items":[{"userId":"…"},{"group":"all"}]}}; CloudTrail also writes a lone item as an object. */
    private static void permissionItems(JsonNode add, Set<String> out) {
        for (JsonNode item : values(add.path("items"))) {
            if (item.hasNonNull("userId")) {
                addAccount(item.get("userId").asText(), out);
            } else if ("all".equalsIgnoreCase(item.path("group").asText(""))) {
                out.add(EVERYONE);
            }
        }
    }

    private static void policyPrincipals(JsonNode policy, Set<String> out) {
        if (policy.isTextual()) {
            policy = parse(policy.asText());
            if (policy == null) {
                return;
            }
        }
        for (JsonNode statement : values(policy.path("Statement"))) {
            if (!"Allow".equalsIgnoreCase(statement.path("Effect").asText(""))) {
                continue;
            }
            JsonNode principal = statement.path("Principal");
            if (principal.isTextual()) {
                if ("*".equals(principal.asText())) {
                    out.add(EVERYONE);
                }
                continue;
            }
            for (JsonNode value : values(principal.path("AWS"))) {
                if ("*".equals(value.asText())) {
                    out.add(EVERYONE);
                } else {
                    addAccount(value.asText(), out);
                }
            }
        }
    }

    private static void addAccount(String value, Set<String> out) {
        if ("all".equalsIgnoreCase(value)) {
            out.add(EVERYONE);
            return;
        }
        Matcher matcher = ACCOUNT.matcher(value.strip());
        if (matcher.matches()) {
            out.add(matcher.group(1));
        }
    }

    private static List<JsonNode> values(JsonNode node) {
        List<JsonNode> values = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(values::add);
        } else if (!node.isMissingNode() && !node.isNull()) {
            values.add(node);
        }
        return values;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
