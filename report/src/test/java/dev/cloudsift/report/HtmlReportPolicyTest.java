package dev.cloudsift.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudsift.investigate.GeoIp;
import dev.cloudsift.investigate.TimeDisplay;
import dev.cloudsift.store.CaseStore;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's content policy and its handling of characters that change how text reads, without a browser. */
class HtmlReportPolicyTest {
    @TempDir
    static Path folder;
    static String html;

    @BeforeAll
    static void writeReport() throws Exception {
        Path caseFile = ReportCase.build(folder.resolve("case"));
        StringWriter out = new StringWriter();
        try (CaseStore store = CaseStore.openReadOnly(caseFile)) {
            new HtmlReport(store.connection(), new ReportOptions(TimeDisplay.UTC, "test", List.of(), List.of(), GeoIp.NONE))
                    .write(out);
        }
        html = out.toString();
    }

    @Test
    void scriptsRunOnlyByTheHashOfTheReportsOwnScript() {
        Matcher policy = Pattern.compile("script-src ([^;\"]*)").matcher(html);
        assertThat(policy.find()).isTrue();
        Matcher script = Pattern.compile("<script>(.*?)</script>", Pattern.DOTALL).matcher(html);
        assertThat(script.find()).isTrue();

        assertThat(policy.group(1)).doesNotContain("unsafe-inline")
                .isEqualTo(ScriptHash.source(script.group(1)));
        assertThat(script.find()).as("one executable inline script").isFalse();
    }

    @Test
    void stylesApplyOnlyFromTheReportsOwnStylesheetByItsHash() {
        Matcher policy = Pattern.compile("style-src ([^;\"]*)").matcher(html);
        assertThat(policy.find()).isTrue();
        Matcher style = Pattern.compile("<style>(.*?)</style>", Pattern.DOTALL).matcher(html);
        assertThat(style.find()).isTrue();
        assertThat(policy.group(1)).doesNotContain("unsafe-inline").isEqualTo(ScriptHash.source(style.group(1)));
        assertThat(style.find()).as("one stylesheet").isFalse();
        // a style attribute would be refused under this policy (and show as a console error)
        assertThat(html).doesNotContain(" style=");
    }

    @Test
    void bidiAndControlCharactersShowAsVisibleEscapes() {
        assertThat(html).doesNotContain("\u202E", "\u2066", "\u2028")
                .contains("invoice\\u202efdp.exe\\u2066");
    }

    @Test
    void theHashIsTheBase64Sha256OfTheScriptText() {
        // echo -n 'alert(1)' | openssl dgst -sha256 -binary | base64
        assertThat(ScriptHash.source("alert(1)")).isEqualTo("'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='");
    }
}
