package dev.cloudsift.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudsift.investigate.fixture.IncidentFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Opens the report of the multi-source incident fixture (ingested and hunted for real) in headless Chromium at
 * 1400 px: the pictures are there and drawn, nothing is wider than the page, and the console has no error (a
 * refused style or script under the page's policy is reported there). Skipped outside CI when Chromium is missing,
 * like {@link HtmlReportBrowserTest}.
 */
class ReportPicturesBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final int WIDTH = 1400;

    @TempDir
    static Path folder;
    static Path report;

    @BeforeAll
    static void writeReport() throws Exception {
        report = IncidentReport.write(folder);
    }

    private static ChromeDriver browser() throws Exception {
        if (!(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))) {
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
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
                "--window-size=" + WIDTH + ",1000", "--user-data-dir=" + Files.createTempDirectory(folder, "chromium-profile"));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return driver;
    }

    @Test
    void picturesAreDrawnFitThePageAndRaiseNoConsoleError() throws Exception {
        ChromeDriver driver = browser();
        try {
            driver.get(report.toUri().toString());
            JavascriptExecutor js = (JavascriptExecutor) driver;
            assertThat(js.executeScript("return window.innerWidth")).isEqualTo((long) WIDTH);

            // the report opens with the incident picture, and the role chains are a graph
            assertThat(js.executeScript("return document.querySelector('section').id")).isEqualTo("picture");
            for (String id : List.of(IncidentPicture.ID, ChainGraph.ID)) {
                Map<?, ?> box = (Map<?, ?>) js.executeScript("var r = document.getElementById(arguments[0]).getBoundingClientRect();"
                        + " return {w: r.width, h: r.height};", id);
                assertThat(((Number) box.get("w")).doubleValue()).as(id + " width").isGreaterThan(800);
                assertThat(((Number) box.get("h")).doubleValue()).as(id + " height").isGreaterThan(100);
            }
            assertThat(js.executeScript("return document.querySelectorAll('#incident-picture .lane-source').length")).isEqualTo(6L);
            assertThat((Long) js.executeScript("return document.querySelectorAll('#incident-picture .lane-suspect').length"))
                    .isBetween(1L, (long) IncidentPictureQuery.MAX_SUSPECT_LANES);
            assertThat((Long) js.executeScript("return document.querySelectorAll('#incident-picture .mark').length")).isPositive();
            assertThat((Long) js.executeScript("return document.querySelectorAll('#incident-picture .tamper').length")).isPositive();
            assertThat(js.executeScript("return document.querySelectorAll('#incident-picture .attacker-first, #incident-picture .attacker-last').length")).isEqualTo(2L);
            // the attacker's first mark is in the attack, not in the background before it
            String first = (String) js.executeScript("return document.querySelector('#incident-picture .attacker-first title').textContent");
            assertThat(Instant.parse(first.substring("attacker's first activity ".length(), first.indexOf(": "))))
                    .isBetween(IncidentFixture.ATTACK_START, IncidentFixture.GAP_START);
            assertThat((Long) js.executeScript("return document.querySelectorAll('#chain-graph .node-role').length")).isPositive();
            // the first attacker's lane says where the address is (the report's GeoIP database; the case is not enriched)
            assertThat((String) js.executeScript("return Array.prototype.map.call(document.querySelectorAll("
                    + "'#incident-picture .lane-suspect'), function (g) { return g.textContent; }).join('|')"))
                    .contains(IncidentFixture.ATTACKER_A).contains(" · ZZ, AS64500 Example Hosting · ");
            // the stylesheet applied (allowed by its hash): a mark is filled with its level's colour, not the default black
            assertThat(js.executeScript("return getComputedStyle(document.querySelector('#incident-picture .lane')).fill"))
                    .isNotEqualTo("rgb(0, 0, 0)");

            // nothing wider than the page
            assertThat((Long) js.executeScript("return document.documentElement.scrollWidth")).isLessThanOrEqualTo(WIDTH);
            Object wide = js.executeScript("var out = []; var all = document.querySelectorAll('body *');"
                    + " for (var i = 0; i < all.length; i++) { var r = all[i].getBoundingClientRect();"
                    + "   if (r.right > window.innerWidth + 0.5 || r.left < -0.5) { out.push(all[i].tagName + '#' + all[i].id + ' '"
                    + "     + Math.round(r.left) + '..' + Math.round(r.right)); } }"
                    + " return out.slice(0, 10);");
            assertThat((List<?>) wide).as("elements wider than the page").isEmpty();

            List<String> errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .filter(entry -> entry.getLevel().intValue() >= Level.WARNING.intValue()).map(LogEntry::getMessage).toList();
            assertThat(errors).as("console errors and warnings").isEmpty();
        } finally {
            driver.quit();
        }
    }
}
