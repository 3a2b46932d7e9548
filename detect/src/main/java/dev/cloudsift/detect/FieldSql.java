package dev.cloudsift.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The SQL that reads one resolved field of a rule's service: as text, as a number, and whether it is present. */
final class FieldSql {
    private static final Set<String> NUMERIC = Set.of("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT",
            "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "FLOAT", "DOUBLE", "REAL");

    private final FieldMappings.Service service;
    private final CaseTables tables;

    FieldSql(FieldMappings.Service service, CaseTables tables) {
        this.service = service;
        this.tables = tables;
    }

    /** The alias of the table a location reads ({@code s} for the source table, {@code e} for events). */
    private String alias(FieldLocation location) {
        return location.place() == FieldLocation.Place.EVENTS || service.eventsOnly() ? "e" : "s";
    }

    private String tableOf(FieldLocation location) {
        return location.place() == FieldLocation.Place.EVENTS ? "events" : service.table();
    }

    /** Fails (at hunt time) when the case lacks the column a mapping promises, e.g. an older case layout. */
    void check(String field, FieldLocation location) {
        if (!tables.has(tableOf(location), location.column())) {
            throw new RuleException("field '" + field + "' maps to " + tableOf(location) + "." + location.column()
                    + ", which this case does not have");
        }
    }

    boolean readsEvents(FieldLocation location) {
        return alias(location).equals("e") && !service.eventsOnly();
    }

    String column(FieldLocation location) {
        return alias(location) + "." + SqlText.identifier(location.column());
    }

    String text(FieldLocation location) {
        String column = column(location);
        if (location.place() == FieldLocation.Place.JSON) {
            if (location.jsonPath().equals("$")) {
                // compact, whatever spacing the column keeps from its input, so rules can match '"key":["value'
                return "CAST(json(" + column + ") AS VARCHAR)";
            }
            return "json_extract_string(" + column + ", " + SqlText.literal(location.jsonPath()) + ")";
        }
        String type = String.valueOf(tables.type(tableOf(location), location.column()));
        if (type.equals("VARCHAR")) {
            return column;
        }
        if (type.startsWith("TIMESTAMP")) {
            return "strftime(" + column + ", '%Y-%m-%dT%H:%M:%SZ')";
        }
        return "CAST(" + column + " AS VARCHAR)";
    }

    /** The value as a UTC {@code TIMESTAMP} for the time modifiers (text is read by {@link UtcTimestamp}). */
    String timestamp(FieldLocation location) {
        if (location.place() != FieldLocation.Place.JSON) {
            String type = String.valueOf(tables.type(tableOf(location), location.column()));
            if (type.equals("TIMESTAMP") || type.startsWith("TIMESTAMP_") || type.equals("DATE")) {
                // the case stores naive timestamps in UTC
                return "CAST(" + column(location) + " AS TIMESTAMP)";
            }
            if (type.equals("TIMESTAMP WITH TIME ZONE")) {
                return "timezone('UTC', " + column(location) + ")";
            }
        }
        return UtcTimestamp.sql(text(location));
    }

    /**
     * The decoded text of every JSON string inside the value's JSON text that itself holds a JSON object or array
     * (a CloudTrail policy document kept as a string), as a {@code VARCHAR[]}; empty for other values.
     */
    String embeddedJson(FieldLocation location) {
        return EmbeddedJson.sql(text(location));
    }

    String number(FieldLocation location) {
        if (location.place() != FieldLocation.Place.JSON
                && NUMERIC.contains(String.valueOf(tables.type(tableOf(location), location.column())))) {
            return "CAST(" + column(location) + " AS DOUBLE)";
        }
        return "TRY_CAST(" + text(location) + " AS DOUBLE)";
    }

    String exists(FieldLocation location) {
        if (location.place() == FieldLocation.Place.JSON) {
            return "(json_extract(" + column(location) + ", " + SqlText.literal(location.jsonPath())
                    + ") IS NOT NULL)";
        }
        return "(" + column(location) + " IS NOT NULL)";
    }

    /**
     * The record text keyword searches look in: the service's text columns (its text and JSON columns, for
     * CloudTrail) joined by newlines, or the events message when the case has none of them.
     */
    String recordText() {
        List<String> columns = new ArrayList<>();
        if (!service.eventsOnly()) {
            for (String column : service.text()) {
                if (tables.has(service.table(), column)) {
                    columns.add("CAST(s." + SqlText.identifier(column) + " AS VARCHAR)");
                }
            }
        }
        if (columns.isEmpty()) {
            return "e." + SqlText.identifier("message");
        }
        // concat_ws skips NULLs, so a record's absent fields add nothing a keyword could match
        return columns.size() == 1 ? columns.get(0) : "concat_ws(chr(10), " + String.join(", ", columns) + ")";
    }

    boolean textReadsEvents() {
        return recordText().startsWith("e.") && !service.eventsOnly();
    }
}
