package dev.cloudsift.formats.s3access;

import dev.cloudsift.formats.testing.GoldenFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class S3AccessGoldenTest {
    static Stream<Path> cases() {
        return GoldenFiles.cases("s3access");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void readsLikeItsGoldenFile(Path input) throws IOException {
        GoldenFiles.assertMatchesGolden(input);
    }
}
