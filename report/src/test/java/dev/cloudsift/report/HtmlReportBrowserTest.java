package dev.cloudsift.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudsift.investigate.TimeDisplay;
import dev.cloudsift.store.CaseStore;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Opens the report of a hostile case in a real headless Chromium and checks in the DOM that no log text ran or
 * became markup, and that it all shows literally. Skipped (with a message) only outside CI when Chromium is missing;
 * under CI (the {@code CI} variable set) a missing browser fails the test.
 */
class HtmlReportBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @TempDir
    static Path folder;
    static Path report;

    @BeforeAll
    static void writeReport() throws Exception {
        Path caseFile = ReportCase.build(folder.resolve("case"));
        report = folder.resolve("report.html");
        try (CaseStore store = CaseStore.openReadOnly(caseFile);
             Writer out = Files.newBufferedWriter(report, StandardCharsets.UTF_8)) {
            new HtmlReport(store.connection(), new ReportOptions(TimeDisplay.UTC, "test", List.of(), List.of(), dev.cloudsift.investigate.GeoIp.NONE)).write(out);
        }
    }

    private static WebDriver browser() throws Exception {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present) {
            if (System.getenv("CI") != null) {
                throw new AssertionError("CI is set but Chromium is missing at " + CHROMIUM + " / " + CHROMEDRIVER
                        + "; .ci/install-deps installs it");
            }
            Assumptions.assumeTrue(false, "skipped: Chromium not installed (apt-get install chromium chromium-driver,"
                    + " or run .ci/install-deps); the test always runs under CI");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + Files.createTempDirectory(folder, "chromium-profile"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return driver;
    }

    @Test
    void hostileLogTextNeitherRunsNorBecomesMarkupAndShowsLiterally() throws Exception {
        WebDriver driver = browser();
        try {
            driver.get(report.toUri().toString());
            JavascriptExecutor js = (JavascriptExecutor) driver;
            boolean alerted;
            try {
                driver.switchTo().alert();
                alerted = true;
            } catch (NoAlertPresentException expected) {
                alerted = false;
            }
            assertThat(alerted).as("an alert opened").isFalse();
            assertThat(js.executeScript("return typeof window.__pwned")).isEqualTo("undefined");
            assertThat(js.executeScript("return document.querySelectorAll('img').length")).isEqualTo(0L);
            assertThat(js.executeScript("return document.querySelectorAll('[onerror]').length")).isEqualTo(0L);
            // the report's own script and the manifest JSON, nothing injected
            assertThat(js.executeScript("return document.querySelectorAll('script').length")).isEqualTo(2L);
            String text = (String) js.executeScript("return document.body.innerText");
            assertThat(text).contains(ReportCase.SCRIPT).contains(ReportCase.IMAGE).contains(ReportCase.FORMULA)
                    .contains("Exfiltration " + ReportCase.SCRIPT).contains(ReportCase.HOSTILE_FILE)
                    .doesNotContain("\u202E").contains("invoice\\u202efdp.exe");
            // the incident picture's tooltips carry the same hostile text, as text
            assertThat((String) js.executeScript("return document.getElementById('incident-picture').textContent"))
                    .contains("Exfiltration " + ReportCase.SCRIPT).doesNotContain("\u202E");
            Object manifestPath = js.executeScript("return JSON.parse(document.getElementById('manifest-json').textContent)"
                    + ".inputs.map(function (i) { return i.path; }).filter(function (p) { return p.indexOf('<img') >= 0; })[0]");
            assertThat((String) manifestPath).endsWith(ReportCase.HOSTILE_FILE);
            // the findings filter works on the rows and still injects nothing
            js.executeScript("var f = document.getElementById('finding-filter'); f.value = 'no such finding';"
                    + " f.dispatchEvent(new Event('input'));");
            assertThat(js.executeScript("return Array.prototype.filter.call(document.querySelectorAll('#findings-table tbody tr'),"
                    + " function (r) { return r.style.display !== 'none'; }).length")).isEqualTo(0L);
            assertThat(js.executeScript("return typeof window.__pwned")).isEqualTo("undefined");
        } finally {
            driver.quit();
        }
    }
}
