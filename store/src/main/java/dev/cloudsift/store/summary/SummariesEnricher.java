package dev.cloudsift.store.summary;

import dev.cloudsift.store.enrich.CaseEnricher;
import java.sql.Connection;
import java.sql.SQLException;

/** Brings the case's summaries up to date after an ingest or a catalogue rebuild, through {@link Summaries#refreshAll}. */
public final class SummariesEnricher implements CaseEnricher {
    @Override
    public String name() {
        return "summaries";
    }

    @Override
    public void enrich(Connection connection) throws SQLException {
        Summaries.refreshAll(connection);
    }
}
