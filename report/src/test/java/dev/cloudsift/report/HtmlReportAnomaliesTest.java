package dev.cloudsift.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudsift.investigate.GeoIp;
import dev.cloudsift.investigate.TimeDisplay;
import dev.cloudsift.store.CaseStore;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportAnomaliesTest {
    @TempDir
    Path folder;

    @Test
    void theSummaryCountsRecordsStoredWithAnomaliesNamingThemEscaped() throws Exception {
        Path caseFile = ReportCase.build(folder);
        StringWriter out = new StringWriter();
        try (CaseStore store = CaseStore.openReadOnly(caseFile)) {
            new HtmlReport(store.connection(), new ReportOptions(TimeDisplay.UTC, "test", List.of(), List.of(), GeoIp.NONE))
                    .write(out);
        }
        String html = out.toString();

        assertThat(html).contains("<li id=\"anomalies\">Records stored with anomalies: 1 (duplicate_key:"
                + Html.text(ReportCase.SCRIPT) + " 1)</li>");
        assertThat(html).contains("<th>with_anomalies</th>");
        assertThat(html).doesNotContain("duplicate_key:" + ReportCase.SCRIPT);
    }
}
