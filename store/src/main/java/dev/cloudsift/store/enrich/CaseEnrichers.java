package dev.cloudsift.store.enrich;

import dev.cloudsift.store.summary.SummariesEnricher;
import java.util.List;

/** The enrichers the store runs after every ingest, in this order; they belong to the store, not to formats. */
public final class CaseEnrichers {
    private CaseEnrichers() {}

    /** Fresh instances of every enricher. */
    public static List<CaseEnricher> all() {
        return List.of(new ConfigChangesEnricher(), new MetricSpikesEnricher(), new EntityIndexEnricher(), new SummariesEnricher());
    }
}
