package dev.cloudsift.store.enrich;

import java.sql.Connection;
import java.sql.SQLException;

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
}
