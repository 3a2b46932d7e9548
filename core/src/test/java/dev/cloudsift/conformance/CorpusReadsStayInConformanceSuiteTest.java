package dev.cloudsift.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A lone clone must pass its tests: no test outside the conformance suite may read the third-party corpus beside the
 * repository. Scans every module's test sources: only {@link ConformanceCorpus} names the corpus location, and only
 * classes marked {@link Conformance} (skipped when the corpus is absent) may use it.
 */
class CorpusReadsStayInConformanceSuiteTest {
    /** Ways a test could reach the sibling folder or the corpus without the locator. */
    private static final List<String> LOCATIONS = List.of("../shared", "shared/corpus", "/work/shared", "\"shared\"",
            ConformanceCorpus.VARIABLE);
    /** The locator, its annotation and this guard name the corpus by design. */
    private static final List<String> SUITE_ITSELF = List.of("ConformanceCorpus.java", "Conformance.java",
            CorpusReadsStayInConformanceSuiteTest.class.getSimpleName() + ".java");
    private static final Pattern MARKED = Pattern.compile("^@Conformance\\b", Pattern.MULTILINE);
    private static final Pattern USES_LOCATOR = Pattern.compile("\\bConformanceCorpus\\b");

    @Test
    void onlyConformanceClassesReadTheCorpusAndOnlyTheLocatorNamesIt() throws IOException {
        Path repository = Path.of(System.getProperty("cloudsift.root", "..")).toAbsolutePath().normalize();
        List<Path> sources = testSources(repository);
        assertThat(sources).as("test sources under %s", repository)
                .anyMatch(path -> path.endsWith(Path.of("ConformanceCorpus.java")))
                .anyMatch(path -> path.toString().contains("/formats/src/test/java/"))
                .anyMatch(path -> path.toString().contains("/detect/src/test/java/"));
        List<String> offences = new ArrayList<>();
        for (Path source : sources) {
            String name = source.getFileName().toString();
            if (SUITE_ITSELF.contains(name)) {
                continue;
            }
            offences(Files.readString(source, StandardCharsets.UTF_8))
                    .forEach(offence -> offences.add(repository.relativize(source) + ": " + offence));
        }
        assertThat(offences).as("tests reading the corpus outside the conformance suite (a lone clone would fail)")
                .isEmpty();
    }

    @Test
    void flagsASiblingPathAndAnUnmarkedUseOfTheLocator() {
        assertThat(offences("class T { Path p = Path.of(\"../shared/corpus/sigma\"); }"))
                .containsExactly("names ../shared", "names shared/corpus");
        assertThat(offences("class T { Path p = root.resolveSibling(\"shared\"); }")).containsExactly("names \"shared\"");
        assertThat(offences("class T { Path p = ConformanceCorpus.path(\"sigma\"); }"))
                .containsExactly("uses ConformanceCorpus without @Conformance");
        assertThat(offences("@Conformance\nclass T { Path p = ConformanceCorpus.path(\"sigma\"); }")).isEmpty();
        assertThat(offences("class T { Path p = Path.of(\"src/test/resources/vpcflow/a.log\"); }")).isEmpty();
    }

    /** What is wrong with one test source, empty when it keeps away from the corpus or belongs to the suite. */
    static List<String> offences(String source) {
        List<String> found = new ArrayList<>();
        for (String location : LOCATIONS) {
            if (source.contains(location)) {
                found.add("names " + location);
            }
        }
        if (USES_LOCATOR.matcher(source).find() && !MARKED.matcher(source).find()) {
            found.add("uses ConformanceCorpus without @Conformance");
        }
        return found;
    }

    private static List<Path> testSources(Path repository) throws IOException {
        List<Path> sources = new ArrayList<>();
        try (Stream<Path> modules = Files.list(repository)) {
            for (Path module : modules.filter(Files::isDirectory).sorted().toList()) {
                Path tests = module.resolve("src/test/java");
                if (!Files.isDirectory(tests)) {
                    continue;
                }
                try (Stream<Path> walk = Files.walk(tests)) {
                    walk.filter(path -> path.toString().endsWith(".java")).sorted().forEach(sources::add);
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return sources;
    }
}
