package dev.cloudsift.conformance;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The one place that finds the third-party conformance corpus: {@code CLOUDSIFT_CORPUS} when set, else
 * {@code ../shared/corpus} beside the repository root. Only {@link Conformance} tests may use it; a lone clone has no
 * corpus and those tests are then skipped, never failed.
 */
public final class ConformanceCorpus {
    /** The environment variable that points at the corpus folder. */
    public static final String VARIABLE = "CLOUDSIFT_CORPUS";

    private ConformanceCorpus() {}

    /** The corpus folder, whether or not it exists. */
    public static Path root() {
        String given = System.getenv(VARIABLE);
        if (given != null && !given.isBlank()) {
            return Path.of(given).toAbsolutePath().normalize();
        }
        // surefire sets cloudsift.root to the repository root; a test run from a module folder falls back to its parent
        Path repository = Path.of(System.getProperty("cloudsift.root", ".."));
        return repository.resolve("../shared/corpus").toAbsolutePath().normalize();
    }

    /** A file or folder of the corpus by its path inside it; it may not exist (the suite is skipped then). */
    public static Path path(String relative) {
        return root().resolve(relative).normalize();
    }

    public static boolean present() {
        return Files.isDirectory(root());
    }

    /** Why the suite is skipped; {@code .ci/run} looks for this text in the test reports. */
    public static String absentMessage() {
        return "conformance corpus not found at " + root() + "; set " + VARIABLE;
    }

    /**
     * Skips every test of a class, before its argument sources walk the corpus, when the corpus is absent. A condition
     * rather than an assumption in {@code @BeforeAll}: surefire reports an aborted class as zero tests and drops the
     * message, while a disabled test is reported skipped with it.
     */
    static final class Required implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return present() ? ConditionEvaluationResult.enabled("conformance corpus at " + root())
                    : ConditionEvaluationResult.disabled(absentMessage());
        }
    }
}
