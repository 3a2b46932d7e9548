package dev.cloudsift.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cloudsift.core.Json;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks one OCSF 1.1 event against our own expectations (src/test/resources/ocsf/ocsf-1.1.0-expectations.json,
 * written from the schema's definitions): the class is known, category and type ids agree, every required attribute
 * of the class and of the profiles it names is present, no attribute is unknown, types are right, enums valid.
 */
final class OcsfExpectations {
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1?\\d?\\d)(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*");

    private final JsonNode schema;

    private OcsfExpectations(JsonNode schema) {
        this.schema = schema;
    }

    static OcsfExpectations load() {
        try (InputStream in = OcsfExpectations.class.getResourceAsStream("/ocsf/ocsf-1.1.0-expectations.json")) {
            return new OcsfExpectations(Json.MAPPER.readTree(in));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every way the event falls short, as "path: problem"; empty when it conforms. */
    List<String> violations(JsonNode event) {
        List<String> problems = new ArrayList<>();
        if (!event.path("class_uid").canConvertToInt()) {
            problems.add("class_uid: missing or not an integer");
            return problems;
        }
        String classUid = event.path("class_uid").asText();
        JsonNode definition = schema.path("classes").path(classUid);
        if (definition.isMissingNode()) {
            problems.add("class_uid: " + classUid + " is not a class we expect");
            return problems;
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        Map<String, JsonNode> enums = new LinkedHashMap<>();
        add(schema.path("base"), attributes, enums);
        add(definition, attributes, enums);
        Set<String> allowedProfiles = new HashSet<>();
        schema.path("base").path("profiles").forEach(p -> allowedProfiles.add(p.asText()));
        definition.path("profiles").forEach(p -> allowedProfiles.add(p.asText()));
        for (JsonNode profile : event.path("metadata").path("profiles")) {
            if (!allowedProfiles.contains(profile.asText())) {
                problems.add("metadata.profiles: " + profile.asText() + " does not apply to " + definition.path("name").asText());
                continue;
            }
            add(schema.path("profiles").path(profile.asText()), attributes, enums);
        }
        int activity = event.path("activity_id").asInt(-1);
        boolean activityKnown = false;
        for (JsonNode id : definition.path("activity_ids")) {
            activityKnown |= id.asInt() == activity;
        }
        if (!activityKnown) {
            problems.add("activity_id: " + event.path("activity_id") + " not defined for " + definition.path("name").asText());
        }
        if (event.path("category_uid").asInt(-1) != definition.path("category_uid").asInt()) {
            problems.add("category_uid: " + event.path("category_uid") + " but the class is in " + definition.path("category_uid"));
        }
        if (event.path("type_uid").asLong(-1) != event.path("class_uid").asLong() * 100 + activity) {
            problems.add("type_uid: " + event.path("type_uid") + " is not class_uid * 100 + activity_id");
        }
        checkAttributes("", event, attributes, enums, List.of(), problems);
        return problems;
    }

    private static void add(JsonNode definition, Map<String, String> attributes, Map<String, JsonNode> enums) {
        definition.path("attributes").fields().forEachRemaining(e -> attributes.put(e.getKey(), e.getValue().asText()));
        definition.path("enums").fields().forEachRemaining(e -> enums.put(e.getKey(), e.getValue()));
    }

    private void checkObject(String path, JsonNode value, String objectName, List<String> problems) {
        JsonNode definition = schema.path("objects").path(objectName);
        if (definition.isMissingNode()) {
            problems.add(path + ": no expectations for object " + objectName);
            return;
        }
        if (!value.isObject()) {
            problems.add(path + ": not an object (" + objectName + ")");
            return;
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        Map<String, JsonNode> enums = new LinkedHashMap<>();
        add(definition, attributes, enums);
        List<String> atLeastOne = new ArrayList<>();
        definition.path("at_least_one").forEach(a -> atLeastOne.add(a.asText()));
        checkAttributes(path + ".", value, attributes, enums, atLeastOne, problems);
    }

    private void checkAttributes(String prefix, JsonNode value, Map<String, String> attributes, Map<String, JsonNode> enums,
            List<String> atLeastOne, List<String> problems) {
        for (Map.Entry<String, String> attribute : attributes.entrySet()) {
            if (attribute.getValue().endsWith("!") && (!value.has(attribute.getKey()) || value.get(attribute.getKey()).isNull())) {
                problems.add(prefix + attribute.getKey() + ": required but missing");
            }
        }
        if (!atLeastOne.isEmpty() && atLeastOne.stream().noneMatch(value::has)) {
            problems.add(prefix.isEmpty() ? "event" : prefix.substring(0, prefix.length() - 1) + ": needs one of " + atLeastOne);
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String path = prefix + field.getKey();
            String type = attributes.get(field.getKey());
            if (type == null) {
                problems.add(path + ": not an attribute here");
                continue;
            }
            type = type.endsWith("!") ? type.substring(0, type.length() - 1) : type;
            if (type.startsWith("[]")) {
                if (!field.getValue().isArray()) {
                    problems.add(path + ": not an array");
                    continue;
                }
                int i = 0;
                for (JsonNode item : field.getValue()) {
                    checkValue(path + "[" + i++ + "]", item, type.substring(2), enums.get(field.getKey()), problems);
                }
            } else {
                checkValue(path, field.getValue(), type, enums.get(field.getKey()), problems);
            }
        }
    }

    private void checkValue(String path, JsonNode value, String type, JsonNode allowed, List<String> problems) {
        if (type.startsWith("object:")) {
            checkObject(path, value, type.substring("object:".length()), problems);
            return;
        }
        boolean ok = switch (type) {
            case "json_t" -> true;
            case "integer_t" -> value.isIntegralNumber() && value.canConvertToInt();
            case "long_t" -> value.isIntegralNumber() && value.canConvertToLong();
            case "timestamp_t" -> value.isIntegralNumber() && value.asLong() >= 0;
            case "port_t" -> value.isIntegralNumber() && value.asInt() >= 0 && value.asInt() <= 65535;
            case "ip_t" -> value.isTextual() && (IPV4.matcher(value.asText()).matches() || IPV6.matcher(value.asText()).matches());
            case "string_t", "url_t", "hostname_t", "username_t" -> value.isTextual();
            default -> {
                problems.add(path + ": unknown type " + type + " in the expectations");
                yield true;
            }
        };
        if (!ok) {
            problems.add(path + ": " + value + " is not a " + type);
            return;
        }
        if (allowed != null) {
            boolean listed = false;
            for (JsonNode option : allowed) {
                listed |= option.isNumber() ? value.isNumber() && option.asLong() == value.asLong() : option.asText().equals(value.asText());
            }
            if (!listed) {
                problems.add(path + ": " + value + " is not one of " + allowed);
            }
        }
    }
}
