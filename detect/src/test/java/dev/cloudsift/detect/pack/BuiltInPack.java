package dev.cloudsift.detect.pack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** Reads the built-in rule pack the way its index lists it, for tests and the rules table generator. */
public final class BuiltInPack {
    public static final String RULES_FOLDER = "/dev/cloudsift/detect/rules/";

    private BuiltInPack() {}

    /** Every rule file listed in index.txt, in index order. */
    public static List<PackRule> rules() {
        List<PackRule> rules = new ArrayList<>();
        for (String resource : index()) {
            rules.add(read(resource, text(RULES_FOLDER + resource)));
        }
        return rules;
    }

    /** The lines of index.txt, blank lines and comments skipped. */
    public static List<String> index() {
        List<String> lines = new ArrayList<>();
        for (String line : text(RULES_FOLDER + "index.txt").split("\n")) {
            String entry = line.strip();
            if (!entry.isEmpty() && !entry.startsWith("#")) {
                lines.add(entry);
            }
        }
        return lines;
    }

    /** The text of one resource of the pack. */
    public static String text(String resource) {
        try (InputStream in = BuiltInPack.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where the native test events live: detect/src/test/resources/rules. */
    public static Path casesRoot() {
        return Paths.get("src", "test", "resources", "rules").toAbsolutePath();
    }

    @SuppressWarnings("unchecked")
    static PackRule read(String resource, String yaml) {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : new Load(LoadSettings.builder().build()).loadAllFromString(yaml)) {
            documents.add((Map<String, Object>) document);
        }
        // the document that raises findings comes last; the ones before it are a correlation's building blocks
        Map<String, Object> main = documents.get(documents.size() - 1);
        List<String> blocks = documents.subList(0, documents.size() - 1).stream()
                .map(document -> String.valueOf(document.get("name"))).toList();
        String[] parts = resource.split("/");
        String shortName = parts[parts.length - 1].replaceFirst("\\.ya?ml$", "");
        return new PackRule(resource, parts[0], shortName, string(main, "id"), string(main, "title"),
                string(main, "status"), string(main, "level"), string(main, "description"), string(main, "author"),
                strings(main.get("tags")), strings(main.get("falsepositives")), strings(main.get("references")),
                main.containsKey("correlation"), blocks);
    }

    private static String string(Map<String, Object> document, String key) {
        Object value = document.get(key);
        return value == null ? "" : value.toString();
    }

    private static List<String> strings(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return value == null ? List.of() : List.of(String.valueOf(value));
    }
}
