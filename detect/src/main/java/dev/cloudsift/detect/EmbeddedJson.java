package dev.cloudsift.detect;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cloudsift.core.Json;
import dev.cloudsift.core.Nullable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * JSON kept as a string inside a JSON value, decoded once. Real CloudTrail carries an IAM policy document as a
 * string inside {@code requestParameters}, so in the object's text its quotes are escaped ({@code \"Effect\"})
 * and a rule's {@code requestParameters|contains: '"Effect":"Allow"'} would never see them. A text or regex test
 * on a JSON field therefore also tries the decoded text of every string, at any depth inside the field's JSON
 * text, that itself holds a JSON object or array. One level only; nothing is URL-decoded.
 */
final class EmbeddedJson {
    private static final String LOOKS_LIKE_JSON = "^[ \\t\\n\\r]*[\\[{]";
    private static final Pattern LOOKS_LIKE_JSON_PATTERN = Pattern.compile(LOOKS_LIKE_JSON);
    /** DuckDB's JSON reader accepts trailing commas and NaN/Infinity; the Java reading accepts them too. */
    private static final ObjectMapper LENIENT = new ObjectMapper(Json.FACTORY.rebuild()
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build());

    private EmbeddedJson() {}

    /** The decoded JSON strings inside {@code text} (empty when the text is not JSON or holds none). */
    static List<String> of(@Nullable String text) {
        List<String> found = new ArrayList<>();
        if (text == null || !LOOKS_LIKE_JSON_PATTERN.matcher(text).find()) {
            return found;
        }
        JsonNode root = parse(text);
        if (root != null) {
            collect(root, found);
        }
        return found;
    }

    private static void collect(JsonNode node, List<String> found) {
        for (JsonNode child : node) {
            if (child.isTextual()) {
                String value = child.textValue();
                if (LOOKS_LIKE_JSON_PATTERN.matcher(value).find() && parse(value) != null) {
                    found.add(value);
                }
            } else if (child.isContainerNode()) {
                collect(child, found);
            }
        }
    }

    private static @Nullable JsonNode parse(String text) {
        try (JsonParser parser = LENIENT.createParser(text)) {
            JsonNode node = LENIENT.readTree(parser);
            return node == null || parser.nextToken() != null ? null : node;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The same list in DuckDB SQL, over a text expression: a {@code VARCHAR[]}, null when the text cannot hold
     * such a string. In JSON text such a string opens with a quote followed by a brace, a bracket, a space or an
     * escape, so texts without any of those four pairs skip the JSON parse (a 1,000,000-row scan of
     * {@code requestParameters} went from about 6 to about 2 times the cost of the plain test with this check).
     */
    static String sql(String text) {
        StringBuilder mayHold = new StringBuilder("(");
        for (String opening : List.of("\"{", "\"[", "\" ", "\"\\")) {
            mayHold.append(mayHold.length() == 1 ? "" : " OR ").append("strpos(").append(text).append(", ")
                    .append(SqlText.literal(opening)).append(") > 0");
        }
        mayHold.append(')');
        return "(CASE WHEN " + mayHold + " AND json_valid(" + text + ") THEN list_filter(list_transform("
                + "list_filter(json_extract(" + text + ", '$..*'), lambda x: json_type(x) = 'VARCHAR'), "
                + "lambda x: json_extract_string(x, '$')), "
                + "lambda s: regexp_matches(s, " + SqlText.literal(LOOKS_LIKE_JSON) + ") AND json_valid(s)) END)";
    }
}
