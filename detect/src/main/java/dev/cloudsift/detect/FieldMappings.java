package dev.cloudsift.detect;

import dev.cloudsift.core.Column;
import dev.cloudsift.core.FormatRegistry;
import dev.cloudsift.core.Nullable;
import dev.cloudsift.core.TableSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Field mappings per log source, read from {@code mappings.yml}; see that file for the resolution order. */
public final class FieldMappings {
    private static final Pattern NAME_PART = Pattern.compile("[A-Za-z0-9_@:$\\-]{1,128}");
    private static final int MAX_PATH_PARTS = 32;

    private final Set<String> common;
    private final Map<String, Service> services;

    /** One service: its table and how its fields resolve. */
    record Service(String name, @Nullable String product, @Nullable String service, String table,
                   List<String> text, @Nullable String other, Map<String, String> fields, Map<String, String> json,
                   Set<String> recordFields, boolean columnsFromTable, @Nullable Set<String> knownColumns) {
        /** The table name for SQL (events when the service reads only the common table). */
        boolean eventsOnly() {
            return table.equals("events");
        }
    }

    private FieldMappings(Set<String> common, Map<String, Service> services) {
        this.common = common;
        this.services = services;
    }

    /** The mappings shipped with Cloudsift; source table columns come from the formats on the class path. */
    public static FieldMappings builtIn() {
        try (InputStream in = FieldMappings.class.getResourceAsStream("mappings.yml")) {
            if (in == null) {
                throw new IllegalStateException("mappings.yml missing from the class path");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), schemasOnClassPath());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, TableSchema> schemasOnClassPath() {
        try {
            return FormatRegistry.load().tables();
        } catch (RuntimeException | java.util.ServiceConfigurationError e) {
            // without the formats on the class path, `columns: table` fields are checked against the case at hunt time
            return Map.of();
        }
    }

    @SuppressWarnings("unchecked")
    static FieldMappings parse(String yaml, Map<String, TableSchema> schemas) {
        Map<String, Object> root = (Map<String, Object>) RuleYaml.single(yaml);
        Set<String> common = new HashSet<>((List<String>) root.get("common"));
        Map<String, Service> services = new LinkedHashMap<>();
        Map<String, Object> serviceMaps = (Map<String, Object>) root.get("services");
        for (Map.Entry<String, Object> entry : serviceMaps.entrySet()) {
            Map<String, Object> map = (Map<String, Object>) entry.getValue();
            String table = (String) map.get("table");
            Set<String> known = null;
            TableSchema schema = schemas.get(table);
            if (schema != null) {
                known = new HashSet<>();
                for (Column column : schema.columns()) {
                    known.add(column.name());
                }
            }
            services.put(entry.getKey(), new Service(entry.getKey(), (String) map.get("product"),
                    (String) map.get("service"), table, textColumns(map.get("text")), (String) map.get("other"),
                    stringMap(map.get("fields")), stringMap(map.get("json")),
                    new HashSet<>(map.get("record_fields") == null ? List.of()
                            : (List<String>) map.get("record_fields")),
                    "table".equals(map.get("columns")), known));
        }
        return new FieldMappings(common, services);
    }

    /** {@code text:} names one column or a list of them; none means keyword searches are not available. */
    @SuppressWarnings("unchecked")
    private static List<String> textColumns(@Nullable Object value) {
        if (value == null) {
            return List.of();
        }
        return value instanceof List<?> list ? List.copyOf((List<String>) list) : List.of((String) value);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> stringMap(@Nullable Object value) {
        return value == null ? Map.of() : new LinkedHashMap<>((Map<String, String>) value);
    }

    /** The service a logsource reads, or an explanation why none does. */
    Service service(LogSource logSource) {
        if (logSource.product() != null && !logSource.product().equalsIgnoreCase("aws")) {
            throw new UnsupportedRuleException("no field mapping for logsource " + logSource
                    + " (Cloudsift reads AWS logs)");
        }
        if (logSource.category() != null && logSource.service() == null) {
            throw new UnsupportedRuleException("no field mapping for logsource " + logSource
                    + " (AWS rules name a service)");
        }
        if (logSource.service() == null) {
            if (logSource.product() == null) {
                throw new UnsupportedRuleException("the rule has no logsource product or service");
            }
            return services.get("events");
        }
        for (Service service : services.values()) {
            if (logSource.service().equalsIgnoreCase(service.service())) {
                return service;
            }
        }
        throw new UnsupportedRuleException("no field mapping for logsource " + logSource + " (known services: "
                + String.join(", ", services.values().stream().map(Service::service)
                        .filter(java.util.Objects::nonNull).toList()) + ")");
    }

    /** Resolves a Sigma field for a service; a name nothing knows is a {@link RuleException} naming it. */
    FieldLocation resolve(Service service, String field) {
        String[] parts = field.split("\\.", -1);
        if (parts.length > MAX_PATH_PARTS) {
            throw new RuleException("field '" + field + "' has more than " + MAX_PATH_PARTS + " parts");
        }
        for (String part : parts) {
            if (!NAME_PART.matcher(part).matches()) {
                throw new RuleException("field '" + field + "' has an unsupported name part '" + part
                        + "' (letters, digits, _ - @ : $ only)");
            }
        }
        String column = service.fields().get(field);
        if (column != null) {
            return new FieldLocation(FieldLocation.Place.SOURCE, column, null, null);
        }
        if (common.contains(field)) {
            return new FieldLocation(FieldLocation.Place.EVENTS, field, null, null);
        }
        if (service.columnsFromTable() && parts.length == 1) {
            if (service.knownColumns() == null || service.knownColumns().contains(field)) {
                return new FieldLocation(FieldLocation.Place.SOURCE, field, null, null);
            }
        }
        // the longest dotted prefix that names a JSON column (httpRequest.headers before httpRequest)
        for (int length = parts.length; length >= 1; length--) {
            String jsonColumn = service.json().get(String.join(".", java.util.Arrays.copyOfRange(parts, 0, length)));
            if (jsonColumn != null) {
                return new FieldLocation(FieldLocation.Place.JSON, jsonColumn, jsonPath(parts, length), null);
            }
        }
        if (service.other() != null) {
            String warning = service.recordFields().contains(parts[0]) ? null
                    : "field '" + field + "' is not a documented " + service.name()
                            + " field; it is looked up in the record's other fields";
            return new FieldLocation(FieldLocation.Place.JSON, service.other(), jsonPath(parts, 0), warning);
        }
        throw new RuleException("unknown field '" + field + "' for " + service.name() + " (not in its mapping"
                + (service.knownColumns() != null ? " nor a column of table " + service.table() : "") + ")");
    }

    private static String jsonPath(String[] parts, int from) {
        StringBuilder path = new StringBuilder("$");
        for (int i = from; i < parts.length; i++) {
            // parts are restricted to NAME_PART, so quoting them cannot break out of the path or the SQL literal
            path.append(".\"").append(parts[i]).append('"');
        }
        return path.toString();
    }
}
