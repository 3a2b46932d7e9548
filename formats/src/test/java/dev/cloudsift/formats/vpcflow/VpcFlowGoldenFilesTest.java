package dev.cloudsift.formats.vpcflow;

import dev.cloudsift.formats.testing.GoldenFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class VpcFlowGoldenFilesTest {
    static Stream<Path> cases() {
        return GoldenFiles.cases("vpcflow");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void readsEveryRecordAsTheGoldenFileSays(Path input) throws IOException {
        GoldenFiles.assertMatchesGolden(input);
    }
}
