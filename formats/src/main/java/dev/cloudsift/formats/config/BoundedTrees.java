package dev.cloudsift.formats.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.base.ParserBase;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cloudsift.core.Nullable;
import java.io.IOException;
import java.util.ArrayDeque;

/**
 * Reads one JSON value from a streaming parser into a tree, but gives up (and skips the rest of the value) once
 * the value spans more bytes than a limit, so one hostile item cannot fill the heap.
 */
final class BoundedTrees {
    /** Decimals are kept as BigDecimal (see {@link #scalar}), so CLI v1 epoch times keep every digit of their fraction. */
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private BoundedTrees() {}

    /**
     * What was read.
     *
     * @param node  the value, or null when it was larger than the limit
     * @param bytes how many bytes the value spans (at least the limit when too large)
     */
    record Value(@Nullable JsonNode node, long bytes) {
        boolean tooLarge() {
            return node == null;
        }
    }

    /** Reads the value whose first token is the parser's current token; leaves the parser on its last token. */
    static Value read(JsonParser parser, long maxBytes) throws IOException {
        long start = tokenOffset(parser);
        JsonToken token = parser.currentToken();
        if (token == null) {
            throw new JsonEOFException(parser, null, "expected a JSON value");
        }
        if (token.isScalarValue()) {
            return new Value(scalar(parser, token), parser.currentLocation().getByteOffset() - start);
        }
        ArrayDeque<ContainerNode<?>> open = new ArrayDeque<>();
        JsonNode root = null;
        String field = null;
        while (true) {
            long spanned = tokenOffset(parser) - start;
            if (spanned > maxBytes) {
                skipRest(parser, open.size());
                return new Value(null, parser.currentLocation().getByteOffset() - start);
            }
            switch (token) {
                case START_OBJECT, START_ARRAY -> {
                    ContainerNode<?> container = token == JsonToken.START_OBJECT ? NODES.objectNode() : NODES.arrayNode();
                    if (open.isEmpty()) {
                        root = container;
                    } else {
                        attach(open.peek(), field, container);
                    }
                    open.push(container);
                }
                case END_OBJECT, END_ARRAY -> {
                    open.pop();
                    if (open.isEmpty()) {
                        return new Value(root, parser.currentLocation().getByteOffset() - start);
                    }
                }
                case FIELD_NAME -> field = parser.currentName();
                default -> attach(open.peek(), field, scalar(parser, token));
            }
            token = parser.nextToken();
            if (token == null) {
                throw new JsonEOFException(parser, null, "end of input inside a JSON value that started at byte " + start);
            }
        }
    }

    /** Where the current token starts; Jackson's own parsers tell it without building a location object. */
    private static long tokenOffset(JsonParser parser) {
        if (parser instanceof ParserBase base) {
            return base.getTokenCharacterOffset();
        }
        return parser.currentTokenLocation().getByteOffset();
    }

    private static void attach(ContainerNode<?> parent, String field, JsonNode child) {
        if (parent instanceof ObjectNode object) {
            object.set(field, child);
        } else {
            ((ArrayNode) parent).add(child);
        }
    }

    private static void skipRest(JsonParser parser, int depth) throws IOException {
        int level = depth;
        JsonToken current = parser.currentToken();
        if (current == JsonToken.START_OBJECT || current == JsonToken.START_ARRAY) {
            level++;
        } else if (current == JsonToken.END_OBJECT || current == JsonToken.END_ARRAY) {
            level--;
        }
        while (level > 0) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                throw new JsonEOFException(parser, null, "end of input inside an oversized JSON value");
            }
            if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                level++;
            } else if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
                level--;
            }
        }
    }

    private static JsonNode scalar(JsonParser parser, JsonToken token) throws IOException {
        return switch (token) {
            case VALUE_STRING -> NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT -> NODES.numberNode(parser.getIntValue());
                case LONG -> NODES.numberNode(parser.getLongValue());
                default -> NODES.numberNode(parser.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> NODES.numberNode(parser.getDecimalValue());
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            default -> NODES.textNode(parser.getText());
        };
    }
}
