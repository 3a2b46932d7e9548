package dev.cloudsift.formats.cloudwatch;

import dev.cloudsift.formats.testing.GoldenFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every CloudWatch Logs shape read end to end against its golden output. */
class CloudWatchGoldenTest {
    static Stream<Path> cases() {
        return GoldenFiles.cases("cloudwatch");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void readsAsTheGoldenFileSays(Path input) throws IOException {
        GoldenFiles.assertMatchesGolden(input);
    }
}
