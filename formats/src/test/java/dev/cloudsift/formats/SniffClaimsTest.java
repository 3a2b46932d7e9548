package dev.cloudsift.formats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudsift.core.LogFormat;
import dev.cloudsift.core.PathHints;
import dev.cloudsift.core.Sample;
import dev.cloudsift.core.input.Decompression;
import dev.cloudsift.formats.testing.FormatHarness;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every bundled fixture and example is claimed by the format written beside it in {@code sniff/claims.tsv}
 * ({@code -} for none), so a faster or reordered sniffer cannot quietly hand a file to another format.
 * {@code -Dcloudsift.regenerateGoldens=true} rewrites the table after a deliberate change; review its diff.
 */
class SniffClaimsTest {
    /** Paths in the table are relative to the project root, one level above this module. */
    private static final Path ROOT = Path.of("..");
    private static final Path TABLE = Path.of("src/test/resources/sniff/claims.tsv");

    @Test
    void everyFixtureAndExampleIsClaimedByTheFormatItWasBefore() throws IOException {
        Map<String, String> actual = new LinkedHashMap<>();
        for (String file : bundledFiles()) {
            actual.put(file, claimOf(file));
        }
        if (Boolean.getBoolean("cloudsift.regenerateGoldens")) {
            StringBuilder table = new StringBuilder();
            actual.forEach((file, format) -> table.append(file).append('\t').append(format).append('\n'));
            Files.writeString(TABLE, table, StandardCharsets.UTF_8);
        }
        Map<String, String> expected = new LinkedHashMap<>();
        for (String line : Files.readAllLines(TABLE, StandardCharsets.UTF_8)) {
            String[] cells = line.split("\t");
            expected.put(cells[0], cells[1]);
        }
        assertThat(expected).hasSizeGreaterThan(300);
        List<String> changed = new ArrayList<>();
        expected.forEach((file, format) -> {
            String now = actual.getOrDefault(file, "(file gone)");
            if (!now.equals(format)) {
                changed.add(file + ": " + format + " -> " + now);
            }
        });
        assertThat(changed).as("files claimed by another format than before").isEmpty();
    }

    private static List<String> bundledFiles() throws IOException {
        List<String> files = new ArrayList<>();
        for (String dir : List.of("formats/src/test/resources", "examples")) {
            try (Stream<Path> walk = Files.walk(ROOT.resolve(dir))) {
                walk.filter(Files::isRegularFile).map(file -> ROOT.relativize(file).toString())
                        .filter(file -> !file.contains("/META-INF/") && !file.endsWith(".events.jsonl")
                                && !file.startsWith("formats/src/test/resources/sniff/"))
                        .sorted().forEach(files::add);
            }
        }
        return files;
    }

    private static String claimOf(String file) throws IOException {
        Path path = ROOT.resolve(file);
        try (InputStream in = Decompression.open(Files.newInputStream(path), Files.size(path)).content()) {
            byte[] head = in.readNBytes(Sample.SIZE);
            boolean complete = in.read() < 0;
            Sample sample = new Sample(head, complete, file, PathHints.fromPath(file));
            return FormatHarness.registry().sniff(sample).map(LogFormat::name).orElse("-");
        }
    }
}
