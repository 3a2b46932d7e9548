package dev.cloudsift.formats.cloudtrail;

import dev.cloudsift.formats.testing.GoldenFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every sample under {@code src/test/resources/cloudtrail} reads exactly as its {@code .events.jsonl} says. */
class CloudTrailGoldenFilesTest {
    static Stream<Path> cases() {
        return GoldenFiles.cases("cloudtrail");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void readsAsItsGoldenFileSays(Path input) throws IOException {
        GoldenFiles.assertMatchesGolden(input);
    }
}
