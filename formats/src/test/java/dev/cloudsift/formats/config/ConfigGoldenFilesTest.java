package dev.cloudsift.formats.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudsift.formats.testing.FormatHarness;
import dev.cloudsift.formats.testing.GoldenFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every Config shape and every malformed Config input against its golden output. */
class ConfigGoldenFilesTest {
    static Stream<Path> shapes() {
        return GoldenFiles.cases("config");
    }

    static Stream<Path> malformed() {
        return GoldenFiles.cases("config-malformed");
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void readsEveryShapeAsItsGoldenFileSays(Path input) throws IOException {
        FormatHarness.Result result = FormatHarness.read(input);
        assertThat(result.format()).as("a Config format claims %s", input).isPresent();
        assertThat(result.problems()).as("problems in %s", input).isEmpty();
        assertThat(result.streamError()).isEmpty();
        GoldenFiles.assertMatchesGolden(input);
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void reportsEveryMalformedInputAsItsGoldenFileSays(Path input) throws IOException {
        FormatHarness.Result result = FormatHarness.read(input);
        assertThat(result.format()).as("a Config format claims %s", input).isPresent();
        assertThat(result.problems().size() + (result.streamError().isPresent() ? 1 : 0))
                .as("problems reported for %s", input).isPositive();
        GoldenFiles.assertMatchesGolden(input);
    }
}
