package dev.cloudsift.store.enrich;


import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;

/** Rebuilds {@code config_changes} after every ingest, through {@link ConfigChanges#rebuild}. */
public final class ConfigChangesEnricher implements CaseEnricher {
    @Override
    public String name() {
        return "config changes";
    }

    @Override
    public void enrich(Connection connection) throws SQLException {
        ConfigChanges.rebuild(connection);
    }

    /** Changes come from Config items, their causes from CloudTrail. */
    @Override
    public boolean affectedBy(Set<String> changedTables) {
        return changedTables.contains("config") || changedTables.contains("cloudtrail");
    }
}
