package dev.cloudsift.investigate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudsift.investigate.fixture.IncidentFixture;
import dev.cloudsift.investigate.fixture.TestCase;
import dev.cloudsift.store.CaseStore;
import dev.cloudsift.store.enrich.EntityIndex;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The entity index written at ingest lets entity follow accounts and resource ids inside parameters and Config items. */
class EntityIndexTest {
    @TempDir
    static Path folder;
    static Path caseFolder;

    @BeforeAll
    static void ingest() throws Exception {
        caseFolder = IncidentFixture.ingest(folder);
    }

    private static EntityProfile profile(String value) throws Exception {
        try (CaseStore store = CaseStore.openReadOnly(caseFolder)) {
            return new EntityPivot(store.connection()).profile(EntityMatch.of(value));
        }
    }

    private static long indexRows() throws Exception {
        try (CaseStore store = CaseStore.openReadOnly(caseFolder);
             var statement = store.connection().createStatement();
             var result = statement.executeQuery("SELECT count(*) FROM entity_index")) {
            result.next();
            return result.getLong(1);
        }
    }

    @Test
    void findsTheSnapshotShareThroughTheForeignAccountItNames() throws Exception {
        EntityProfile profile = profile(IncidentFixture.FOREIGN_ACCOUNT);
        assertThat(profile.sources()).extracting(SourceSummary::source).contains("cloudtrail");
        assertThat(profile.sources().stream().filter(s -> s.source().equals("cloudtrail")).findFirst().orElseThrow().topActions())
                .extracting(Counted::value).contains("ModifySnapshotAttribute");
    }

    @Test
    void findsTheConfigItemThatNamesASubnet() throws Exception {
        assertThat(EntityKind.recognise("subnet-0fa1b2c3d4e5f0002")).containsExactly(EntityKind.RESOURCE_ID);
        EntityProfile profile = profile("subnet-0fa1b2c3d4e5f0002");
        assertThat(profile.sources()).extracting(SourceSummary::source).contains("config");
    }

    @Test
    void aSecondRunIndexesNothingTwice() throws Exception {
        long before = indexRows();
        assertThat(before).isPositive();
        try (CaseStore store = CaseStore.open(caseFolder, TestCase.formats())) {
            EntityIndex.update(store.connection());
        }
        assertThat(indexRows()).isEqualTo(before);
    }
}
