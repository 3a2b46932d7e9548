package dev.cloudsift.store.enrich;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;

/** Adds the records of the latest ingest to the entity index, through {@link EntityIndex#update}. */
public final class EntityIndexEnricher implements CaseEnricher {
    @Override
    public String name() {
        return "entity index";
    }

    @Override
    public void enrich(Connection connection) throws SQLException {
        EntityIndex.update(connection);
    }

    /** The index reads CloudTrail and Config documents only. */
    @Override
    public boolean affectedBy(Set<String> changedTables) {
        return changedTables.contains("cloudtrail") || changedTables.contains("config");
    }
}
