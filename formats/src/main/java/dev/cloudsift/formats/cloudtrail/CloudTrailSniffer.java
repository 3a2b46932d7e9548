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
        /** {@code {"Records": <not an array>}}: claimed weakly so the reader can say what is wrong with it. */
        MALFORMED_RECORDS,
        /** {@code {"Events":[Event, ...]}} pages, or Event objects back to back: LookupEvents output. */
        LOOKUP,
        /** One LookupEvents Event object per line. */
        LOOKUP_LINES,
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

    /** The sample's shape, worked out once for the seven CloudTrail formats that ask. */
    static Kind kindOf(Sample sample) {
        return sample.derived("cloudtrail.kind", Kind.class, CloudTrailSniffer::read);
    }

    private static Kind read(Sample sample) {
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
                    return "Records".equals(name) && (item.isRecord() || item.isCutRecordStart())
                            ? Kind.RECORDS : Kind.NONE;
                }
                if ("Records".equals(name) && value != JsonToken.VALUE_NULL) {
                    return Kind.MALFORMED_RECORDS;
                }
                keys.add(name, parser);
                if (value == JsonToken.START_OBJECT && Keys.isWrapper(name)) {
                    keys.wrapped = Keys.of(parser, 1);
                } else if (value.isStructStart()) {
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
        /** Objects that hold a record in search and log exports: OpenSearch hits, Datadog logs. */
        private static final java.util.Set<String> WRAPPERS = java.util.Set.of("_source", "attributes", "content");
        /** How deep wrappers are looked into (Datadog's log API nests attributes in attributes). */
        private static final int MAX_WRAPPER_DEPTH = 3;

        private final Map<String, String> values = new HashMap<>();
        /** The head ended inside this object. */
        private boolean cut;
        /** The keys of a wrapper object inside this one ({@code _source}, {@code attributes}), if any. */
        private @Nullable Keys wrapped;

        static boolean isWrapper(String name) {
            return WRAPPERS.contains(name);
        }

        static Keys of(JsonParser parser) throws IOException {
            return of(parser, 0);
        }

        static Keys of(JsonParser parser, int depth) throws IOException {
            Keys keys = new Keys();
            keys.cut = true;
            try {
                JsonToken token;
                while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    JsonToken value = parser.nextToken();
                    keys.add(name, parser);
                    if (value == JsonToken.START_OBJECT && isWrapper(name) && depth < MAX_WRAPPER_DEPTH) {
                        keys.wrapped = of(parser, depth + 1);
                    } else if (value.isStructStart()) {
                        parser.skipChildren();
                    }
                }
                keys.cut = token != JsonToken.END_OBJECT;
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

        /**
         * A CloudTrail record, with its names as CloudTrail writes them or all in lower case (Athena exports). Test
         * fixtures and exports often drop fields, so a time or an event name with one other CloudTrail field will do.
         */
        boolean isRecord() {
            if (!ownRecord() && wrapped != null && !has("eventTime") && !has("eventSource")) {
                return wrapped.isRecord();
            }
            return ownRecord();
        }

        private boolean ownRecord() {
            String source = either("eventSource");
            if (source != null && source.startsWith("aws:")) {
                return false; // S3/SQS/SNS notifications to Lambda use Records with eventTime and eventName too
            }
            String type = either("eventType");
            boolean awsType = type != null && type.startsWith("Aws");
            if (has("eventTime")) {
                return has("eventVersion") || has("eventID") || source != null || has("eventName")
                        || has("userIdentity") || awsType;
            }
            // Datadog's pipeline may move eventName to its standard attribute evt.name (nested or dotted).
            boolean name = has("eventName") || values.containsKey("evt.name") || values.containsKey("evt");
            return name && (source != null || has("eventID") || has("userIdentity")
                    || has("recipientAccountId") || awsType);
        }

        private boolean has(String name) {
            return values.containsKey(name) || values.containsKey(name.toLowerCase(java.util.Locale.ROOT));
        }

        private @Nullable String either(String name) {
            String value = values.get(name);
            return value != null ? value : values.get(name.toLowerCase(java.util.Locale.ROOT));
        }

        /**
         * Inside {@code Records}, a first record cut by the end of the head before its time (a huge userIdentity or
         * a reordered record): the keys CloudTrail writes first are enough there.
         */
        boolean isCutRecordStart() {
            String source = either("eventSource");
            return cut && (source == null || !source.startsWith("aws:"))
                    && (has("eventVersion") || has("userIdentity") || has("eventSource"));
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
            // One object per line, or a first line longer than the head: JSON Lines. Otherwise pretty-printed.
            boolean lines = completeOnFirstLine || sample.firstLine().length() == sample.text().length();
            if (lookup) {
                return lines ? Kind.LOOKUP_LINES : Kind.LOOKUP;
            }
            return lines ? Kind.RECORD_LINES : Kind.RECORD_ARRAY;
        }
    }
}
