package dev.cloudsift.formats.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Golden files: {@code src/test/resources/<folder>/<case>.<ext>} beside {@code <case>.events.jsonl}. Run with
 * {@code -Dcloudsift.regenerateGoldens=true} to rewrite the expected files after a deliberate change (and
 * review the diff); otherwise a missing or different golden file fails.
 */
public final class GoldenFiles {
    private static final String SUFFIX = ".events.jsonl";

    private GoldenFiles() {}

    /** The input files of a golden folder, in name order. */
    public static Stream<Path> cases(String folder) {
        Path root = Path.of("src/test/resources", folder);
        try (Stream<Path> files = Files.list(root)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().endsWith(SUFFIX))
                    .filter(p -> !p.getFileName().toString().endsWith(".md"))
                    .sorted()
                    .toList()
                    .stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The golden file of an input: everything before the first dot of its name, plus {@code .events.jsonl}. */
    public static Path goldenOf(Path input) {
        String name = input.getFileName().toString();
        int dot = name.indexOf('.');
        return input.resolveSibling((dot < 0 ? name : name.substring(0, dot)) + SUFFIX);
    }

    public static void assertMatchesGolden(Path input) throws IOException {
        assertMatchesGolden(input, Map.of());
    }

    public static void assertMatchesGolden(Path input, Map<String, String> options) throws IOException {
        List<String> actual = FormatHarness.render(FormatHarness.read(input, options));
        Path golden = goldenOf(input);
        if (Boolean.getBoolean("cloudsift.regenerateGoldens")) {
            Files.write(golden, actual, StandardCharsets.UTF_8);
            return;
        }
        assertThat(golden).as("golden file for %s (regenerate with -Dcloudsift.regenerateGoldens=true)", input).exists();
        List<String> expected = Files.readAllLines(golden, StandardCharsets.UTF_8);
        assertThat(actual).as("records read from %s", input).containsExactlyElementsOf(expected);
    }
}
