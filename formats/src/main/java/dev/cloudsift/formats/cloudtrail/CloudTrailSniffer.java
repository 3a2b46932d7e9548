package dev.cloudsift.formats.cloudtrail;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.cloudsift.core.Json;
import dev.cloudsift.core.Nullable;
import dev.cloudsift.core.Sample;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Tells the CloudTrail shapes apart by content: it reads the head of a file with a streaming parser up to the end of
 * the first item and looks at keys (and a few values), never at the file name. A head that ends inside the first item
 * is judged on the keys seen so far.
 */
final class CloudTrailSniffer {
    /** What a sample looks like. */
    enum Kind {
        NONE,
        /** {@code {"Records":[record, ...]}}: S3 trail delivery, Insights delivery. */
        RECORDS,
        /** {@code {"Records":[]}}: nothing to tell it from other Records files, but nothing is lost either. */
        EMPTY_RECORDS,
        /** {@code {"Events":[Event, ...]}} pages or root-level Event objects: LookupEvents output. */
        LOOKUP,
        /** A bare array (or {@code Records}) of Event objects: event history JSON downloads and jq'd dumps. */
        EVENT_ARRAY,
        /** A digest file. */
        DIGEST,
        /** One record (or envelope) per line. */
        RECORD_LINES,
        /** A bare array of records, or records back to back over several lines. */
        RECORD_ARRAY,
        /** The console's event history CSV (or an Athena/Lake CSV result with CloudTrail columns). */
        HISTORY_CSV
    }

    private static final String[] DIGEST_KEYS = {
        "digestStartTime", "digestEndTime", "digestS3Object", "digestPublicKeyFingerprint", "logFiles",
        "previousDigestSignature",
    };

    private CloudTrailSniffer() {}

    static Kind kindOf(Sample sample) {
        int first = sample.firstSignificantByte();
        if (first == '{' || first == '[') {
            try {
                return jsonKind(sample);
            } catch (IOException notJson) {
                return Kind.NONE;
            }
        }
        if (first < 0) {
            return Kind.NONE;
        }
        return csvKind(sample.firstLine());
    }

    private static Kind jsonKind(Sample sample) throws IOException {
        try (JsonParser parser = Json.FACTORY.createParser(sample.head())) {
            JsonToken root = parser.nextToken();
            if (root == JsonToken.START_ARRAY) {
                if (parser.nextToken() != JsonToken.START_OBJECT) {
                    return Kind.NONE;
                }
                Keys item = Keys.of(parser);
                if (item.isRecord()) {
                    return Kind.RECORD_ARRAY;
                }
                return item.isEventObject() ? Kind.EVENT_ARRAY : Kind.NONE;
            }
            if (root != JsonToken.START_OBJECT) {
                return Kind.NONE;
            }
            return rootObjectKind(parser, sample, parser.currentTokenLocation().getLineNr());
        }
    }

    private static Kind rootObjectKind(JsonParser parser, Sample sample, int startLine) throws IOException {
        Keys keys = new Keys();
        try {
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (("Records".equals(name) || "Events".equals(name)) && value == JsonToken.START_ARRAY) {
                    JsonToken firstItem = parser.nextToken();
                    if (firstItem == JsonToken.END_ARRAY) {
                        return "Records".equals(name) ? Kind.EMPTY_RECORDS : Kind.LOOKUP;
                    }
                    if (firstItem != JsonToken.START_OBJECT) {
                        return Kind.NONE;
                    }
                    Keys item = Keys.of(parser);
                    if (item.isEventObject()) {
                        return "Events".equals(name) ? Kind.LOOKUP : Kind.EVENT_ARRAY;
                    }
                    return "Records".equals(name) && item.isRecord() ? Kind.RECORDS : Kind.NONE;
                }
                keys.add(name, parser);
                if (value.isStructStart()) {
                    parser.skipChildren();
                }
            }
            if (token != JsonToken.END_OBJECT) {
                return Kind.NONE;
            }
        } catch (JsonProcessingException endOfHead) {
            // The head ends inside the first object: judge on the keys seen.
            return keys.rootKind(false, sample);
        }
        return keys.rootKind(parser.currentLocation().getLineNr() == startLine, sample);
    }

    /** A CSV header naming at least the event time and the event name columns. */
    private static Kind csvKind(String header) {
        boolean time = false;
        boolean name = false;
        for (String cell : header.split(",", -1)) {
            String column = HistoryCsvColumns.normalize(cell);
            time |= column.equals("eventtime");
            name |= column.equals("eventname");
        }
        return time && name ? Kind.HISTORY_CSV : Kind.NONE;
    }

    /** Keys of one object, with the few values sniffing needs. */
    private static final class Keys {
        private final Map<String, String> values = new HashMap<>();

        static Keys of(JsonParser parser) throws IOException {
            Keys keys = new Keys();
            try {
                JsonToken token;
                while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    JsonToken value = parser.nextToken();
                    keys.add(name, parser);
                    if (value.isStructStart()) {
                        parser.skipChildren();
                    }
                }
            } catch (JsonProcessingException endOfHead) {
                // Judge on what the head holds.
            }
            return keys;
        }

        void add(String name, JsonParser parser) throws IOException {
            JsonToken token = parser.currentToken();
            values.put(name, token != null && token.isScalarValue() ? parser.getText() : "");
        }

        private @Nullable String value(String name) {
            return values.get(name);
        }

        boolean isRecord() {
            if (!values.containsKey("eventTime")) {
                return false;
            }
            String source = value("eventSource");
            if (source != null && source.startsWith("aws:")) {
                return false; // S3/SQS/SNS notifications to Lambda use Records with eventTime too
            }
            String type = value("eventType");
            return values.containsKey("eventVersion") && (values.containsKey("eventID") || source != null
                    || (type != null && type.startsWith("Aws")) || values.containsKey("userIdentity"))
                    || values.containsKey("eventID") && source != null;
        }

        boolean isEventObject() {
            return !values.containsKey("eventTime")
                    && (values.containsKey("CloudTrailEvent") || values.containsKey("EventId") && values.containsKey("EventName"));
        }

        boolean isEnvelope() {
            String detailType = value("detail-type");
            return detailType != null && detailType.contains("CloudTrail") && values.containsKey("detail");
        }

        boolean isDigest() {
            int found = 0;
            for (String key : DIGEST_KEYS) {
                if (values.containsKey(key)) {
                    found++;
                }
            }
            return found >= 2 && values.containsKey("digestStartTime") || found >= 3;
        }

        Kind rootKind(boolean completeOnFirstLine, Sample sample) {
            if (isDigest()) {
                return Kind.DIGEST;
            }
            boolean lookup = isEventObject();
            if (!lookup && !isRecord() && !isEnvelope()) {
                return Kind.NONE;
            }
            if (lookup) {
                return Kind.LOOKUP;
            }
            // One object per line, or a first line longer than the head: JSON Lines. Otherwise pretty-printed.
            return completeOnFirstLine || sample.firstLine().length() == sample.text().length()
                    ? Kind.RECORD_LINES : Kind.RECORD_ARRAY;
        }
    }
}
