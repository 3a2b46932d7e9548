package dev.cloudsift.cli;

import dev.cloudsift.detect.FieldMappings;
import dev.cloudsift.detect.LoadedRule;
import dev.cloudsift.detect.Placeholders;
import dev.cloudsift.detect.RuleLoader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The rule-selection options {@code rules} and {@code hunt} share. */
public final class RuleOptions {
    @Option(names = {"-r", "--rules"}, paramLabel = "DIR|FILE",
            description = "Sigma rules to load (folders are read recursively for .yml/.yaml); repeatable.")
    List<Path> rules = new ArrayList<>();

    @Option(names = "--no-builtin", description = "Do not load the built-in rule pack.")
    boolean noBuiltIn;

    @Option(names = "--placeholders", paramLabel = "FILE",
            description = "YAML file giving values for |expand placeholders (name: [values]).")
    Path placeholders;

    List<LoadedRule> load() throws IOException {
        Placeholders values = placeholders == null ? Placeholders.none() : Placeholders.read(placeholders);
        return new RuleLoader(FieldMappings.builtIn(), values).load(!noBuiltIn, rules);
    }
}
