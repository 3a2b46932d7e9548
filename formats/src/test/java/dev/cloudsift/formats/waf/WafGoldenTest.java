package dev.cloudsift.formats.waf;

import dev.cloudsift.formats.testing.GoldenFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class WafGoldenTest {
    static Stream<Path> cases() {
        return GoldenFiles.cases("waf");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void readsLikeItsGoldenFile(Path input) throws IOException {
        GoldenFiles.assertMatchesGolden(input);
    }
}
