package dev.cloudsift.core;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/**
 * The envelope path of a {@link Position}: how a record is decoded from the outer record its offset and length
 * name. Steps are separated by {@code |}: the first is a JSON pointer into the outer record ({@code /message},
 * {@code /CloudTrailEvent}); each later one is a decoder ({@code base64}, {@code gunzip}, gzip or zlib by magic)
 * followed by an optional JSON pointer into what it decoded ({@code json}: the text as it is; {@code string}: the text of a JSON string). A pointer that lands on a JSON string yields the
 * string's text; on anything else, the value's JSON. {@code parquet-row:N} names row N of a Parquet file.
 *
 * <p>Examples: {@code /message} (a CloudWatch log event's message),
 * {@code /kinesis/data|base64|gunzip/logEvents/3/message} (a subscription payload carried by Kinesis).
 */
public final class Envelopes {
    /** What one decoded record may grow to; CloudWatch subscription payloads stay near 1 MB. */
    public static final int MAX_DECODED_BYTES = 16 * 1024 * 1024;
    /** The envelope of a record that is the text of a JSON string (an item written as a string). */
    public static final String JSON_STRING = "|string";
    /** The prefix of a Parquet row envelope. */
    public static final String PARQUET_ROW = "parquet-row:";

    private Envelopes() {}

    /** A JSON pointer to a field or array index of the outer record, e.g. {@code pointer("logEvents", 3, "message")}. */
    public static String pointer(Object... steps) {
        StringBuilder out = new StringBuilder();
        for (Object step : steps) {
            out.append('/').append(step.toString().replace("~", "~0").replace("/", "~1"));
        }
        return out.toString();
    }

    /**
     * The envelope of a record at {@code pointer} inside a record that is itself decoded along {@code outer}
     * (null when the outer record is the bytes themselves): a JSON message holding a LookupEvents item, say.
     */
    public static String inside(@Nullable String outer, String pointer) {
        return outer == null ? pointer : outer + "|json" + pointer;
    }

    /** The envelope of row {@code index} (0-based) of a Parquet file. */
    public static String parquetRow(long index) {
        return PARQUET_ROW + index;
    }

    /** Words for people: "CloudWatch message (/kinesis/data|base64|gunzip/logEvents/3/message)". */
    public static String describe(String envelope) {
        String kind;
        if (envelope.startsWith(PARQUET_ROW)) {
            kind = "Parquet row";
        } else if (envelope.endsWith("/message")) {
            kind = "CloudWatch message";
        } else if (envelope.endsWith("/CloudTrailEvent")) {
            kind = "LookupEvents CloudTrailEvent string";
        } else if (envelope.endsWith(JSON_STRING)) {
            kind = "JSON string";
        } else {
            kind = "field";
        }
        return kind + " (" + envelope + ")";
    }

    /** The record inside {@code outer}, decoded along {@code envelope}; bounded against decompression bombs. */
    public static byte[] decode(byte[] outer, String envelope) throws IOException {
        if (envelope.startsWith(PARQUET_ROW)) {
            throw new IOException("a Parquet row is read with a Parquet reader, not decoded from bytes");
        }
        byte[] current = outer;
        String[] steps = envelope.split("\\|", -1);
        for (int i = 0; i < steps.length; i++) {
            String step = steps[i];
            String pointer = step;
            if (i > 0) {
                int slash = step.indexOf('/');
                String decoder = slash < 0 ? step : step.substring(0, slash);
                pointer = slash < 0 ? "" : step.substring(slash);
                current = switch (decoder) {
                    case "base64" -> base64(current);
                    case "gunzip" -> inflate(current);
                    case "json" -> current;
                    case "string" -> select(current, "");
                    default -> throw new IOException("unknown envelope decoder '" + decoder + "'");
                };
            }
            if (!pointer.isEmpty()) {
                current = select(current, pointer);
            }
        }
        return current;
    }

    private static byte[] select(byte[] json, String pointer) throws IOException {
        JsonNode root = Json.MAPPER.readTree(json);
        JsonNode node = root == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance()
                : root.at(JsonPointer.compile(pointer));
        if (node.isMissingNode()) {
            throw new IOException("the outer record has no " + pointer);
        }
        return node.isTextual() ? node.textValue().getBytes(StandardCharsets.UTF_8)
                : Json.MAPPER.writeValueAsBytes(node);
    }

    private static byte[] base64(byte[] text) throws IOException {
        try {
            return Base64.getMimeDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IOException("not valid base64: " + e.getMessage(), e);
        }
    }

    /** gzip or zlib by their magic; JSON that was never compressed (seen in test events) passes as it is. */
    private static byte[] inflate(byte[] compressed) throws IOException {
        boolean gzip = compressed.length >= 2 && (compressed[0] & 0xFF) == 0x1F && (compressed[1] & 0xFF) == 0x8B;
        if (!gzip && compressed.length > 0 && (compressed[0] == '{' || compressed[0] == '[')) {
            return compressed;
        }
        try (InputStream in = gzip ? new GZIPInputStream(new ByteArrayInputStream(compressed))
                : new InflaterInputStream(new ByteArrayInputStream(compressed))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) > 0) {
                if (out.size() + n > MAX_DECODED_BYTES) {
                    throw new IOException("inflates past " + MAX_DECODED_BYTES + " bytes");
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        }
    }
}
