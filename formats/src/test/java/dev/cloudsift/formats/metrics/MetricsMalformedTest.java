package dev.cloudsift.formats.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudsift.formats.testing.FormatHarness;
import dev.cloudsift.formats.testing.GoldenFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The malformed-input corpus: each file is still claimed by its metrics format, every bad part becomes a
 * problem with the exact reason in the golden file, good parts around it are kept, and nothing throws.
 */
class MetricsMalformedTest {
    static Stream<Path> cases() {
        return GoldenFiles.cases("metrics-malformed");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void quarantinesEveryBadPartWithItsReason(Path input) throws IOException {
        FormatHarness.Result result = FormatHarness.read(input);

        assertThat(result.format()).map(format -> format.name()).hasValueSatisfying(
                name -> assertThat(name).startsWith("metrics."));
        assertThat(result.streamError()).isEmpty();
        assertThat(result.problems()).isNotEmpty();
        assertThat(result.problems()).allSatisfy(problem -> assertThat(problem.reason()).isNotBlank());
        GoldenFiles.assertMatchesGolden(input);
    }
}
