package dev.cloudsift.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** TableSchema and Column write their text by hand; it must stay what the records generated, as cases hash it. */
class TableSchemaTextTest {
    // records of the same simple names and components: their generated toString is the reference
    private record TableSchema(String name, String description, List<Column> columns,
            Map<String, String> eventsProjection, String eventsFilter) {}

    private record Column(String name, ColumnType type, String description, String derivedSql) {}

    @Test
    void tableWithProjectionAndFilterReadsAsTheGeneratedRecordText() {
        dev.cloudsift.core.TableSchema schema = new dev.cloudsift.core.TableSchema("things", "things seen",
                List.of(dev.cloudsift.core.Column.of("seen_at", ColumnType.TIMESTAMP, "when"),
                        dev.cloudsift.core.Column.derived("label", ColumnType.VARCHAR, "a label", "upper(name)")),
                EventsProjection.builder("things").set("event_time", "seen_at").build(), "seen_at IS NOT NULL");

        assertThat(schema.toString()).isEqualTo(reference(schema).toString());
    }

    @Test
    void tableWithoutProjectionOrColumnsReadsAsTheGeneratedRecordText() {
        dev.cloudsift.core.TableSchema schema = new dev.cloudsift.core.TableSchema("empty", "nothing", List.of());

        assertThat(schema.toString()).isEqualTo(reference(schema).toString());
        assertThat(schema.toString()).isEqualTo("TableSchema[name=empty, description=nothing, columns=[], "
                + "eventsProjection=null, eventsFilter=null]");
    }

    private static TableSchema reference(dev.cloudsift.core.TableSchema schema) {
        return new TableSchema(schema.name(), schema.description(), schema.columns().stream()
                .map(column -> new Column(column.name(), column.type(), column.description(), column.derivedSql()))
                .toList(), schema.eventsProjection(), schema.eventsFilter());
    }
}
