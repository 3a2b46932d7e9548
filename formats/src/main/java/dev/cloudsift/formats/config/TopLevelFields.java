package dev.cloudsift.formats.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.cloudsift.core.Nullable;
import dev.cloudsift.core.Sample;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The keys of the first top-level object in a sample (or of the first element of a top-level array), with the
 * values of the short scalar ones. Read with the streaming parser so a key inside a nested value or a string never
 * counts, and tolerant of the sample ending mid-value.
 */
record TopLevelFields(Map<String, String> fields, boolean inArray) {
    private static final String CONTAINER = "";

    static TopLevelFields of(Sample sample) {
        return sample.derived("config.top-level-fields", TopLevelFields.class, TopLevelFields::read);
    }

    private static TopLevelFields read(Sample sample) {
        Map<String, String> fields = new HashMap<>();
        boolean inArray = false;
        try (JsonParser parser = ConfigReader.FACTORY.createParser(sample.head())) {
            JsonToken token = parser.nextToken();
            if (token == JsonToken.START_ARRAY) {
                inArray = true;
                token = parser.nextToken();
            }
            if (token != JsonToken.START_OBJECT) {
                return new TopLevelFields(Map.of(), inArray);
            }
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value == null) {
                    break;
                }
                if (value.isScalarValue()) {
                    fields.put(name, parser.getText());
                } else {
                    fields.put(name, CONTAINER);
                    parser.skipChildren();
                }
            }
        } catch (IOException endOfSampleOrNotJson) {
            // The head ends mid-value, or is not JSON at all: what was seen so far is the answer.
        }
        return new TopLevelFields(Map.copyOf(fields), inArray);
    }

    boolean has(String name) {
        return fields.containsKey(name);
    }

    @Nullable String value(String name) {
        return fields.get(name);
    }

    boolean valueContains(String name, String needle) {
        String value = fields.get(name);
        return value != null && value.contains(needle);
    }
}
