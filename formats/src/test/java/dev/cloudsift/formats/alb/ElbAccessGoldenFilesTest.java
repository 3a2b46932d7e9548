package dev.cloudsift.formats.alb;

import dev.cloudsift.formats.testing.GoldenFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ElbAccessGoldenFilesTest {
    static Stream<Path> cases() {
        return GoldenFiles.cases("alb");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void readsEveryEntryAsTheGoldenFileSays(Path input) throws IOException {
        GoldenFiles.assertMatchesGolden(input);
    }
}
