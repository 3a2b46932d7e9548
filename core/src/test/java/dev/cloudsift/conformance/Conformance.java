package dev.cloudsift.conformance;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class of the conformance suite: it checks us against the third-party corpus found by
 * {@link ConformanceCorpus}, is skipped with a clear message when the corpus is absent, and runs alone with
 * {@code -Dgroups=conformance}. Every trap such a test found also has a fixture of our own outside the suite.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(Conformance.TAG)
@ExtendWith(ConformanceCorpus.Required.class)
public @interface Conformance {
    /** The JUnit tag of the suite. */
    String TAG = "conformance";
}
