package dev.cloudsift.store.enrich;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.cloudsift.core.Json;
import dev.cloudsift.core.Nullable;

/** JSON that Config writes as a string inside an item (the API's configuration), read the way the reader reads it. */
final class EmbeddedJson {
    private static final ObjectReader STRICT = Json.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private EmbeddedJson() {}

    /** The parsed value; null for blank text or JSON null. */
    static @Nullable JsonNode parse(String text) throws JsonProcessingException {
        if (text.isBlank()) {
            return null;
        }
        JsonNode parsed = STRICT.readTree(text);
        return parsed == null || parsed.isNull() || parsed.isMissingNode() ? null : parsed;
    }

    /** Jackson's reason without its "(start marker at [Source: ...])" tail, which tells a reader nothing. */
    static String error(JsonProcessingException e) {
        String message = String.valueOf(e.getOriginalMessage());
        int tail = message.indexOf(" (start marker at");
        return tail < 0 ? message : message.substring(0, tail);
    }
}
