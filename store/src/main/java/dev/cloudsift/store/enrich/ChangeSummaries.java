package dev.cloudsift.store.enrich;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cloudsift.core.Json;
import dev.cloudsift.core.Nullable;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One readable line per configuration change. Security group rules, resource policies, S3 public access blocks and
 * recording status get sentences an analyst can act on; everything else gets its path and values.
 */
final class ChangeSummaries {
    private static final Pattern RULE = Pattern.compile(
            "configuration\\.(ipPermissions|ipPermissionsEgress)\\[(\\d+)](.*)");
    private static final Pattern RANGE = Pattern.compile("\\.(ipRanges|ipv4Ranges|ipv6Ranges|userIdGroupPairs|prefixListIds)\\[\\d+]");
    /** A policy held in a field whose name ends like a policy's: policyText, policyDocument, assumeRolePolicyDocument, document. */
    private static final Pattern STATEMENT = Pattern.compile(
            "(.*\\.[A-Za-z]*(?:[Pp]olicyText|[Pp]olicyDocument|[Pp]olicy|document))(?:\\.Statement\\[(\\d+)](.*))?");
    private static final int MAX_VALUE_TEXT = 80;

    private ChangeSummaries() {}

    static String summarize(JsonDiff.Change change, JsonNode before, JsonNode after) {
        String verb = change.kind().columnValue();
        Matcher rule = RULE.matcher(change.path());
        if (rule.matches()) {
            return securityGroupRule(change, rule, before, after, verb);
        }
        Matcher statement = STATEMENT.matcher(change.path());
        if (statement.matches() && isPolicy(change)) {
            return policy(change, statement, before, after, verb);
        }
        String field = lastName(change.path());
        if (isPublicAccessBlockSetting(field) && change.kind() == JsonDiff.Kind.CHANGED) {
            boolean on = change.newValue() != null && change.newValue().asBoolean(false);
            return "public access block " + field + " turned " + (on ? "on" : "off");
        }
        if (change.path().equals("configurationItemStatus")) {
            return status(change);
        }
        if (change.path().equals("configuration") && change.kind() == JsonDiff.Kind.REMOVED) {
            return "configuration removed (resource deleted)";
        }
        return switch (change.kind()) {
            case ADDED -> change.path() + " added: " + shortText(change.newValue());
            case REMOVED -> change.path() + " removed: " + shortText(change.oldValue());
            case CHANGED -> change.path() + " changed: " + shortText(change.oldValue()) + " -> " + shortText(change.newValue());
        };
    }

    private static String securityGroupRule(JsonDiff.Change change, Matcher rule, JsonNode before, JsonNode after,
            String verb) {
        String direction = rule.group(1).equals("ipPermissions") ? "ingress" : "egress";
        JsonNode document = change.kind() == JsonDiff.Kind.REMOVED ? before : after;
        JsonNode permission = Json.path(document, "configuration", rule.group(1));
        permission = permission == null ? null : permission.get(Integer.parseInt(rule.group(2)));
        String rest = rule.group(3);
        String ports = permission == null ? "" : protocolAndPorts(permission);
        if (rest.isEmpty()) {
            JsonNode whole = change.kind() == JsonDiff.Kind.REMOVED ? change.oldValue() : change.newValue();
            List<String> ranges = whole == null ? List.of() : ranges(whole);
            String from = ranges.isEmpty() ? "rule" : String.join(", ", ranges);
            return direction + " " + from + (ports.isEmpty() ? "" : " " + ports) + " " + verb;
        }
        Matcher range = RANGE.matcher(rest);
        if (range.matches()) {
            JsonNode value = change.kind() == JsonDiff.Kind.REMOVED ? change.oldValue() : change.newValue();
            if (change.kind() == JsonDiff.Kind.CHANGED) {
                return direction + " " + rangeText(change.oldValue()) + " -> " + rangeText(change.newValue())
                        + (ports.isEmpty() ? "" : " " + ports) + " changed";
            }
            return direction + " " + rangeText(value) + (ports.isEmpty() ? "" : " " + ports) + " " + verb;
        }
        return direction + " rule" + (ports.isEmpty() ? "" : " " + ports) + " " + rest.substring(rest.startsWith(".") ? 1 : 0)
                + " " + verb + ": " + shortText(change.oldValue()) + " -> " + shortText(change.newValue());
    }

    /** {@code tcp 22}, {@code udp 1024-65535}, {@code all traffic}. */
    private static String protocolAndPorts(JsonNode permission) {
        String protocol = Json.string(permission.get("ipProtocol"));
        if (protocol == null) {
            return "";
        }
        if (protocol.equals("-1")) {
            return "all traffic";
        }
        String from = Json.string(permission.get("fromPort"));
        String to = Json.string(permission.get("toPort"));
        if (from == null || from.equals("-1")) {
            return protocol;
        }
        return protocol + " " + (to == null || to.equals(from) ? from : from + "-" + to);
    }

    private static List<String> ranges(JsonNode permission) {
        List<String> ranges = new ArrayList<>();
        for (String list : List.of("ipv4Ranges", "ipv6Ranges", "userIdGroupPairs", "prefixListIds")) {
            JsonNode values = permission.get(list);
            if (values != null && values.isArray()) {
                values.forEach(value -> ranges.add(rangeText(value)));
            }
        }
        if (ranges.isEmpty() && permission.get("ipRanges") != null) {
            // Older items list IPv4 ranges only as plain strings in ipRanges.
            permission.get("ipRanges").forEach(value -> ranges.add(rangeText(value)));
        }
        return ranges;
    }

    private static String rangeText(@Nullable JsonNode value) {
        if (value == null) {
            return "?";
        }
        if (value.isTextual()) {
            return value.textValue();
        }
        for (String field : List.of("cidrIp", "cidrIpv6", "groupId", "prefixListId")) {
            String text = Json.string(value.get(field));
            if (text != null) {
                return text;
            }
        }
        return shortText(value);
    }

    private static boolean isPolicy(JsonDiff.Change change) {
        JsonNode value = change.newValue() != null ? change.newValue() : change.oldValue();
        return change.path().contains(".Statement[") || (value != null && value.has("Statement"));
    }

    private static String policy(JsonDiff.Change change, Matcher statement, JsonNode before, JsonNode after, String verb) {
        String label = change.path().contains("BucketPolicy") ? "bucket policy"
                : change.path().contains("assumeRolePolicyDocument") ? "trust policy" : "policy";
        if (statement.group(2) == null) {
            JsonNode policy = change.newValue();
            List<String> publicActions = policy == null ? List.of() : publicActions(policy.get("Statement"));
            String text = label + " " + verb;
            return publicActions.isEmpty() ? text : text + "; allows public access (Principal *) to " + String.join(", ", publicActions);
        }
        int index = Integer.parseInt(statement.group(2));
        JsonNode policyBefore = JsonDiff.opened(pathOrMissing(before, statement.group(1)));
        JsonNode policyAfter = JsonDiff.opened(pathOrMissing(after, statement.group(1)));
        JsonNode statementNode = change.kind() == JsonDiff.Kind.REMOVED
                ? policyBefore.path("Statement").path(index) : policyAfter.path("Statement").path(index);
        String effect = Json.string(statementNode.get("Effect"));
        String actions = listText(statementNode.get("Action"));
        String principal = principalText(statementNode.get("Principal"));
        String inside = statement.group(3);
        String text = label + " statement " + index + (inside.isEmpty() ? "" : " " + inside.substring(1))
                + " " + verb + " (" + (effect == null ? "?" : effect) + " " + actions
                + (principal.isEmpty() ? "" : " to " + principal) + ")";
        if (change.kind() != JsonDiff.Kind.REMOVED && isPublic(statementNode)) {
            return text + "; allows public access (Principal *)";
        }
        return text;
    }

    private static JsonNode pathOrMissing(JsonNode document, String dottedPath) {
        JsonNode node = document;
        for (String step : dottedPath.split("\\.")) {
            node = JsonDiff.opened(node.path(step));
        }
        return node;
    }

    private static List<String> publicActions(@Nullable JsonNode statements) {
        List<String> actions = new ArrayList<>();
        if (statements == null) {
            return actions;
        }
        if (statements.isObject()) {
            if (isPublic(statements)) {
                actions.add(listText(statements.get("Action")));
            }
            return actions;
        }
        for (JsonNode statement : statements) {
            if (isPublic(statement)) {
                actions.add(listText(statement.get("Action")));
            }
        }
        return actions;
    }

    /** An Allow for everyone without a condition: the statement shape that makes a resource public. */
    static boolean isPublic(JsonNode statement) {
        if (!"Allow".equals(Json.string(statement.get("Effect"))) || statement.has("Condition")) {
            return false;
        }
        JsonNode principal = statement.get("Principal");
        if (principal == null) {
            return false;
        }
        if (principal.isTextual()) {
            return principal.textValue().equals("*");
        }
        JsonNode aws = principal.get("AWS");
        if (aws == null) {
            return false;
        }
        if (aws.isTextual()) {
            return aws.textValue().equals("*");
        }
        for (JsonNode value : aws) {
            if ("*".equals(value.asText())) {
                return true;
            }
        }
        return false;
    }

    /** {@code *}, {@code arn:aws:iam::999988887777:root}, {@code ec2.amazonaws.com}: every principal value, joined. */
    private static String principalText(@Nullable JsonNode principal) {
        if (principal == null) {
            return "";
        }
        if (principal.isTextual()) {
            return principal.textValue();
        }
        List<String> values = new ArrayList<>();
        principal.forEach(value -> values.add(listText(value)));
        return String.join(",", values);
    }

    private static String listText(@Nullable JsonNode value) {
        if (value == null) {
            return "?";
        }
        if (value.isArray()) {
            List<String> parts = new ArrayList<>();
            value.forEach(part -> parts.add(part.asText()));
            return String.join(",", parts);
        }
        return value.asText();
    }

    private static boolean isPublicAccessBlockSetting(String field) {
        return field.equals("blockPublicAcls") || field.equals("ignorePublicAcls") || field.equals("blockPublicPolicy")
                || field.equals("restrictPublicBuckets");
    }

    private static String status(JsonDiff.Change change) {
        String from = change.oldValue() == null ? "none" : change.oldValue().asText();
        String to = change.newValue() == null ? "none" : change.newValue().asText();
        String meaning = switch (to) {
            case "ResourceNotRecorded" -> ": Config stopped recording this resource type, later changes are not captured";
            case "ResourceDeletedNotRecorded" -> ": deleted while its type was not recorded";
            case "ResourceDeleted" -> ": resource deleted";
            case "OK", "ResourceDiscovered" -> from.endsWith("NotRecorded") ? ": recording resumed" : "";
            default -> "";
        };
        return "status " + from + " -> " + to + meaning;
    }

    private static String lastName(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }

    private static String shortText(@Nullable JsonNode value) {
        if (value == null) {
            return "none";
        }
        String text = value.isTextual() ? value.textValue() : value.toString();
        return text.length() > MAX_VALUE_TEXT ? text.substring(0, MAX_VALUE_TEXT) + "..." : text;
    }
}
