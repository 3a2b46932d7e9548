package dev.cloudsift.detect.pack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudsift.detect.FieldMappings;
import dev.cloudsift.detect.LoadedRule;
import dev.cloudsift.detect.Placeholders;
import dev.cloudsift.detect.RuleLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sigma rules over the geoip columns, as SigmaHQ writes them: {@code src_country|expand} with the countries a
 * placeholder file lists, on a case whose addresses were looked up in MaxMind's test databases.
 */
class GeoIpRulesTest {
    @TempDir
    Path folder;

    @Test
    void consoleLoginRuleExpandsLegitimateCountriesAndAddressesFromThePlaceholderFile() throws Exception {
        Path placeholders = Files.writeString(folder.resolve("placeholders.yml"),
                "Legitimate_Countries: [GB]\nLegitimate_IP_Ranges:\n  - 216.160.83.56\n");
        Path rule = folder.resolve("rule.yml");
        Files.writeString(rule, BuiltInPack.text("/geoip/console_login_outside_legitimate_countries.yml"));
        Path logins = folder.resolve("console_logins.json");
        Files.writeString(logins, BuiltInPack.text("/geoip/console_logins.json"));

        List<LoadedRule> loaded = new RuleLoader(FieldMappings.builtIn(), Placeholders.read(placeholders))
                .load(false, List.of(rule));
        assertThat(loaded).singleElement().satisfies(r -> assertThat(r.status()).as(r.reason()).isEqualTo(LoadedRule.Status.OK));

        List<CaseHunt.Finding> findings = CaseHunt.run(folder, List.of(logins), loaded, true);

        // alice (GB) is in a legitimate country, carol (US) at a legitimate address, dave's login failed;
        // bob signed in from Sweden and erin from China
        assertThat(findings).extracting(CaseHunt.Finding::principal).containsExactlyInAnyOrder(
                "arn:aws:iam::111122223333:user/bob", "arn:aws:iam::111122223333:user/erin");
    }

    @Test
    void withoutTheirValuesTheRuleDoesNotLoadAndSaysWhichPlaceholderIsMissing() throws Exception {
        Path rule = folder.resolve("rule.yml");
        Files.writeString(rule, BuiltInPack.text("/geoip/console_login_outside_legitimate_countries.yml"));

        List<LoadedRule> loaded = new RuleLoader(FieldMappings.builtIn(), Placeholders.none()).load(false, List.of(rule));

        assertThat(loaded).singleElement().satisfies(r -> {
            assertThat(r.status()).isNotEqualTo(LoadedRule.Status.OK);
            assertThat(r.reason()).contains("%Legitimate_Countries%");
        });
    }
}
