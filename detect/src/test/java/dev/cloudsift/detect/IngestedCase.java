package dev.cloudsift.detect;

import dev.cloudsift.core.FormatRegistry;
import dev.cloudsift.store.CaseStore;
import dev.cloudsift.store.ingest.Ingest;
import dev.cloudsift.store.ingest.IngestListener;
import dev.cloudsift.store.ingest.IngestOptions;
import dev.cloudsift.store.ingest.IngestSummary;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A real case: CloudTrail records written as a trail file and ingested by the store's {@link Ingest}. */
final class IngestedCase implements AutoCloseable {
    private static final FormatRegistry REGISTRY = FormatRegistry.load();

    private final CaseStore store;
    private final Map<String, Long> rowsByEventId = new HashMap<>();

    private IngestedCase(CaseStore store) {
        this.store = store;
    }

    /** Writes the records as one {@code {"Records": [...]}} file, ingests it, and indexes row ids by eventID. */
    static IngestedCase of(Path directory, List<String> records) throws Exception {
        Path trail = directory.resolve("111122223333_CloudTrail_us-east-1_20240301T1000Z_test.json");
        Files.writeString(trail, "{\"Records\":[" + String.join(",", records.stream().map(String::strip).toList())
                + "]}", StandardCharsets.UTF_8);
        CaseStore store = CaseStore.open(directory.resolve("case"), REGISTRY.formats());
        IngestSummary summary = new Ingest(store, REGISTRY).run(IngestOptions.of(List.of(trail)),
                IngestListener.NONE);
        IngestedCase ingested = new IngestedCase(store);
        try (Statement statement = store.connection().createStatement();
             ResultSet rows = statement.executeQuery("SELECT event_id, row_id FROM events")) {
            while (rows.next()) {
                ingested.rowsByEventId.put(rows.getString(1), rows.getLong(2));
            }
        }
        if (ingested.rowsByEventId.size() != records.size()) {
            throw new IllegalStateException("ingested " + ingested.rowsByEventId.size() + " of " + records.size()
                    + " records: " + summary);
        }
        return ingested;
    }

    Connection connection() {
        return store.connection();
    }

    long row(String eventId) {
        Long row = rowsByEventId.get(eventId);
        if (row == null) {
            throw new IllegalArgumentException("no event " + eventId);
        }
        return row;
    }

    @Override
    public void close() {
        store.close();
    }
}
