package dev.cloudsift.store.enrich;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;

/**
 * Work that needs the whole case rather than one record (Config change diffs, metric spikes), run by the
 * store after every ingest, once records are stored and deduplicated. Found through {@link java.util.ServiceLoader}.
 */
public interface CaseEnricher {
    /** Shown in progress and errors. */
    String name();

    /** Recomputes what this enricher derives from the case's tables; must be idempotent. */
    void enrich(Connection connection) throws SQLException;

    /**
     * Whether what this enricher derived can differ now that these tables got new parts, given that it ran to the
     * end after the case's previous change; by default always.
     */
    default boolean affectedBy(Set<String> changedTables) {
        return true;
    }
}
