package dev.cloudsift.detect;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Values for the {@code |expand} modifier's {@code %name%} placeholders, read from a YAML mapping of
 * name to a value or a list of values. A placeholder with no value is a load error naming it.
 */
public final class Placeholders {
    private static final Pattern PLACEHOLDER = Pattern.compile("%([A-Za-z0-9_.\\-]+)%");
    private static final int MAX_EXPANSIONS = 10_000;

    private final Map<String, List<String>> values;

    public Placeholders(Map<String, List<String>> values) {
        this.values = Map.copyOf(values);
    }

    /** The values of a placeholder: the given ones, else a built-in default ({@code aws_ip_ranges}), else null. */
    private List<String> valuesOf(String name) {
        List<String> given = values.get(name);
        if (given == null && name.equals(AwsIpRanges.PLACEHOLDER)) {
            return AwsIpRanges.current().prefixes();
        }
        return given;
    }

    public static Placeholders none() {
        return new Placeholders(Map.of());
    }

    /** Reads a placeholder file: {@code name: value} or {@code name: [value, ...]}. */
    public static Placeholders read(Path file) throws IOException {
        Object parsed;
        try {
            parsed = RuleYaml.single(Files.readString(file, StandardCharsets.UTF_8));
        } catch (RuleException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
        if (!(parsed instanceof Map<?, ?> map)) {
            throw new IOException(file + ": expected a mapping of placeholder name to values");
        }
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            List<String> list = new ArrayList<>();
            if (entry.getValue() instanceof List<?> items) {
                for (Object item : items) {
                    if (!(item instanceof String text)) {
                        throw new IOException(file + ": placeholder " + entry.getKey() + " must list strings");
                    }
                    list.add(text);
                }
            } else if (entry.getValue() instanceof String text) {
                list.add(text);
            } else {
                throw new IOException(file + ": placeholder " + entry.getKey() + " must be a value or a list");
            }
            values.put(entry.getKey().toString(), list);
        }
        return new Placeholders(values);
    }

    List<String> expand(String text) {
        List<String> results = new ArrayList<>();
        results.add("");
        Matcher matcher = PLACEHOLDER.matcher(text);
        int last = 0;
        while (matcher.find()) {
            String literal = text.substring(last, matcher.start());
            List<String> replacements = valuesOf(matcher.group(1));
            if (replacements == null) {
                throw new RuleException("unknown placeholder %" + matcher.group(1) + "% (give its values in a "
                        + "placeholder file)");
            }
            List<String> next = new ArrayList<>();
            for (String prefix : results) {
                for (String replacement : replacements) {
                    next.add(prefix + literal + replacement);
                }
            }
            if (next.size() > MAX_EXPANSIONS) {
                throw new RuleException("placeholders expand '" + text + "' to more than " + MAX_EXPANSIONS
                        + " values");
            }
            results = next;
            last = matcher.end();
        }
        String tail = text.substring(last);
        results.replaceAll(prefix -> prefix + tail);
        return results;
    }
}
