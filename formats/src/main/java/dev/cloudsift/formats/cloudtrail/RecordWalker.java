package dev.cloudsift.formats.cloudtrail;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.base.ParserBase;
import com.fasterxml.jackson.core.json.UTF8StreamJsonParser;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import dev.cloudsift.core.Json;
import dev.cloudsift.core.Nullable;
import dev.cloudsift.core.Utf8Slice;
import dev.cloudsift.formats.json.RecordingInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Reads one CloudTrail record by walking its tokens once, without binding a tree: scalar fields go straight into
 * {@link RecordFields}, the few nested values typed columns need (userIdentity, sessionContext, tlsDetails, what
 * names the resource and the outcome) are picked up on the way, and every sub-object stored as a JSON column (and
 * each field of {@code other}) is cut from the input's bytes by its token offsets, as the file has it.
 *
 * <p>Every key of every object is checked for a second use: a record that names a key twice is marked
 * {@link RecordFields#duplicate}, and its caller binds it whole, since only a tree says which value counts.
 * The parser's own limits (size per record, nesting depth, string length) apply as for a tree.
 */
final class RecordWalker {
    /** The text of input bytes {@code [from, to)} in the parser's offsets, or null when they are not held. */
    @FunctionalInterface
    interface Slices {
        @Nullable String text(long from, long to);

        /**
         * The same bytes as a VARCHAR or JSON cell: the text, or a {@link dev.cloudsift.core.Utf8Slice} of the bytes
         * when they stay unchanged for as long as the row lives (the store then copies them without encoding text).
         */
        default @Nullable Object cell(long from, long to) {
            return text(from, to);
        }

        /**
         * The string value whose opening quote is at {@code quote} as a cell of its own bytes, when they are its value
         * (printable ASCII, no escape) and stay unchanged for as long as the row lives; else null, and it is decoded.
         */
        default @Nullable Utf8Slice plainString(long quote) {
            return null;
        }
    }

    private static final int SMALL_OBJECT = 16;

    private static final int EVENT_TIME = 100;
    private static final int READ_ONLY = 101;
    private static final int MANAGEMENT_EVENT = 102;
    private static final int SESSION_CREDENTIAL_FROM_CONSOLE = 103;
    private static final int TLS_DETAILS = 104;
    private static final int DETAIL = 105;
    private static final int DETAIL_TYPE = 106;
    private static final int WRAPPER = 107;
    private static final int EVENT_OBJECT_FIELD = 108;
    private static final int LOWER_CASE_NAME = 109;
    private static final int EXPORTED = 110;
    /** JSON columns are 200 + their index in {@link RecordFields#JSON_NAMES}. */
    private static final int JSON_COLUMN = 200;

    private static final HashMap<String, Integer> TOP = topFields();

    private final JsonParser parser;
    private final Slices slices;
    private final @Nullable SizeLimitedParser sized;
    private final @Nullable ParserBase base;
    private RecordFields record;
    /** Keys of the objects being walked, innermost last; {@code levelStart[d]} is where depth d's keys begin. */
    private String[] keys = new String[64];
    private int keyCount;
    private int[] levelStart = new int[16];
    @SuppressWarnings("unchecked")
    private Set<String>[] largeLevel = new Set[16];
    private int level;

    RecordWalker(JsonParser parser, Slices slices) {
        // The walk reads the parser underneath a size-limited one directly and checks the budget itself (see next()).
        this.sized = parser instanceof SizeLimitedParser limited ? limited : null;
        this.parser = sized != null ? sized.delegate() : parser;
        this.slices = slices;
        // A byte parser's token offset is a field: no location object per slice.
        this.base = this.parser instanceof UTF8StreamJsonParser utf8 ? utf8 : null;
    }

    /** The next token, refused as {@link SizeLimitedParser} would once the record passes its budget. */
    private JsonToken next() throws IOException {
        JsonToken token = parser.nextToken();
        if (sized != null && sized.recordStart() >= 0 && (base != null ? base.getTokenCharacterOffset()
                : parser.currentLocation().getByteOffset()) - sized.recordStart() > sized.limit()) {
            throw new RecordTooLargeException(parser, sized.limit());
        }
        return token;
    }

    /**
     * Walks the record object whose START_OBJECT the parser stands on, up to and including its END_OBJECT. Throws
     * what the parser throws (syntax, limits); a slice that cannot be cut gives null. A walker serves one record
     * at a time and may be reused for the next one on the same parser.
     */
    @Nullable
    RecordFields walk() throws IOException {
        record = new RecordFields();
        level = 0;
        keyCount = 0;
        sliceFailed = false;
        seenTop = 0;
        other.clear();
        open();
        JsonToken token;
        while ((token = next()) == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            Integer known = TOP.get(name);
            if (known == null) {
                noteKey(name);
            } else {
                // The record's own fields are checked by a bit each: the top level is the widest object walked.
                long bit = 1L << (known >>> 16);
                if ((seenTop & bit) != 0) {
                    record.duplicate = true;
                }
                seenTop |= bit;
            }
            JsonToken value = next();
            Object entry = known == null ? slice(value) : topField(known & 0xFFFF, name, value);
            if (entry != null) {
                other.add(name, entry);
            }
        }
        close();
        if (sliceFailed) {
            return null;
        }
        record.other = other.finish();
        return record;
    }

    private final OtherObject other = new OtherObject();
    private boolean sliceFailed;
    /** The known top-level fields seen so far, one bit each (see {@link #TOP}). */
    private long seenTop;

    /**
     * Reads one top-level field with a meaning; returns its JSON text as a cell when {@code other} must hold it (no
     * column gives the value back exactly), else null.
     */
    private @Nullable Object topField(int code, String name, JsonToken value) throws IOException {
        RecordFields r = record;
        if (code < RecordFields.SCALAR_NAMES.length) {
            r.scalarToken[code] = value;
            switch (code) {
                case RecordFields.EVENT_SOURCE -> r.hasEventSource = true;
                case RecordFields.EVENT_VERSION -> r.hasEventVersion = true;
                case RecordFields.EVENT_NAME -> r.hasEventName = true;
                default -> { }
            }
            if (value == JsonToken.VALUE_STRING) {
                if (RecordFields.STORED_ONLY[code]) {
                    r.scalar[code] = stored(value);
                    return null;
                }
                String text = parser.getText();
                r.scalar[code] = text;
                return code == RecordFields.ERROR_CODE && text.isEmpty() ? "\"\"" : null;
            }
            if (value == JsonToken.VALUE_NULL) {
                return null;
            }
            long start = tokenStart();
            if (!value.isStructStart()) {
                r.scalar[code] = scalarText(value);
            } else {
                skip(value);
            }
            return slice(start);
        }
        if (code >= JSON_COLUMN) {
            return jsonColumn(code - JSON_COLUMN, value);
        }
        switch (code) {
            case EVENT_TIME -> {
                r.hasEventTime = true;
                r.eventTimeToken = value;
                if (value == JsonToken.VALUE_NULL) {
                    return null;
                }
                long start = tokenStart();
                if (value == JsonToken.VALUE_STRING) {
                    String text = parser.getText();
                    r.eventTimeText = text;
                    // CloudTrail's own shape prints back as itself; only another one is compared in print
                    r.eventTime = CloudTrailTimes.exactUtcSeconds(text);
                    if (r.eventTime != null) {
                        return null;
                    }
                    r.eventTime = CloudTrailTimes.eventTime(text);
                    if (r.eventTime != null && r.eventTime.toString().equals(text)) {
                        return null;
                    }
                } else if (!value.isStructStart()) {
                    r.eventTimeScalar = scalarText(value);
                } else {
                    skip(value);
                }
                return slice(start);
            }
            case READ_ONLY, MANAGEMENT_EVENT -> {
                Boolean flag = bool(value);
                if (code == READ_ONLY) {
                    r.readOnly = flag;
                } else {
                    r.managementEvent = flag;
                }
                return value == JsonToken.VALUE_TRUE || value == JsonToken.VALUE_FALSE || value == JsonToken.VALUE_NULL
                        ? null : slice(value);
            }
            case SESSION_CREDENTIAL_FROM_CONSOLE -> {
                r.sessionCredentialFromConsole = bool(value);
                return slice(value);
            }
            case TLS_DETAILS -> {
                long start = tokenStart();
                if (value == JsonToken.START_OBJECT) {
                    tlsDetails();
                } else {
                    finish(value);
                }
                return slice(start);
            }
            case DETAIL -> {
                r.hasDetailObject = value == JsonToken.START_OBJECT;
                return slice(value);
            }
            case DETAIL_TYPE -> {
                r.hasDetailType = true;
                return slice(value);
            }
            case WRAPPER -> {
                r.hasWrapperObject |= value == JsonToken.START_OBJECT;
                return slice(value);
            }
            case EVENT_OBJECT_FIELD -> {
                r.hasEventObjectField = true;
                return slice(value);
            }
            case LOWER_CASE_NAME -> {
                r.hasLowerCaseName = true;
                return slice(value);
            }
            case EXPORTED -> {
                Object text = slice(value);
                if (text != null) {
                    r.addExported(name, text.toString());
                }
                return text;
            }
            default -> {
                return slice(value);
            }
        }
    }

    /** A JSON column's field: its text, and on the way what typed columns read inside it. Never in other. */
    private @Nullable String jsonColumn(int index, JsonToken value) throws IOException {
        RecordFields r = record;
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        long start = tokenStart();
        boolean object = value == JsonToken.START_OBJECT;
        switch (index) {
            case RecordFields.USER_IDENTITY -> {
                if (object) {
                    r.hasIdentity = true;
                    identity();
                } else {
                    r.identityToken = value;
                    if (!value.isStructStart()) {
                        r.identityScalar = scalarText(value);
                    }
                    finish(value);
                }
            }
            case RecordFields.REQUEST_PARAMETERS -> {
                if (object) {
                    r.requestParametersObject = true;
                    requestParameters();
                } else {
                    finish(value);
                }
            }
            case RecordFields.RESPONSE_ELEMENTS -> {
                if (object) {
                    answers(true);
                } else {
                    finish(value);
                }
            }
            case RecordFields.SERVICE_EVENT_DETAILS -> {
                if (object) {
                    answers(false);
                } else {
                    finish(value);
                }
            }
            case RecordFields.ADDITIONAL_EVENT_DATA -> {
                if (object) {
                    additionalEventData();
                } else {
                    finish(value);
                }
            }
            case RecordFields.RESOURCES -> {
                if (value == JsonToken.START_ARRAY) {
                    r.resourcesArray = true;
                    resources();
                } else {
                    finish(value);
                }
            }
            case RecordFields.INSIGHT_DETAILS -> {
                r.hasInsightDetails = true;
                if (object) {
                    insightDetails();
                } else {
                    finish(value);
                }
            }
            default -> finish(value);
        }
        r.json[index] = end(start);
        return null;
    }

    /** Reads one field of an object walked by {@link #object}: its value, or skips it. */
    @FunctionalInterface
    private interface Fields {
        void field(RecordWalker walker, String name, JsonToken value) throws IOException;
    }

    /**
     * Walks the object whose START_OBJECT the parser stands on to its END_OBJECT, noting every key and handing each
     * field to {@code fields}, which reads or skips its value.
     */
    private void object(Fields fields) throws IOException {
        open();
        while (next() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            noteKey(name);
            fields.field(this, name, next());
        }
        close();
    }

    /** {@link #object} when the value is an object; any other value is skipped. */
    private void objectOrSkip(JsonToken value, Fields fields) throws IOException {
        if (value == JsonToken.START_OBJECT) {
            object(fields);
        } else {
            skip(value);
        }
    }

    // Constants, so the compiler knows which one each walk calls and can inline it.
    private static final Fields IDENTITY = RecordWalker::identityField;
    private static final Fields ON_BEHALF_OF = RecordWalker::onBehalfOfField;
    private static final Fields SESSION_CONTEXT = RecordWalker::sessionContextField;
    private static final Fields SESSION_ISSUER = RecordWalker::sessionIssuerField;
    private static final Fields SESSION_ATTRIBUTES = RecordWalker::sessionAttributeField;
    private static final Fields WEB_ID_FEDERATION = RecordWalker::webIdFederationField;
    private static final Fields TLS_DETAILS_FIELDS = RecordWalker::tlsField;
    private static final Fields PARAMETERS = RecordWalker::parameterField;
    private static final Fields INSTANCES_SET = RecordWalker::instancesSetField;
    private static final Fields INSTANCE = RecordWalker::instanceField;
    private static final Fields ADDITIONAL_EVENT_DATA_FIELDS = RecordWalker::additionalEventDataField;
    private static final Fields INSIGHT = RecordWalker::insightField;
    private static final Fields SKIPPED = (walker, name, value) -> walker.skip(value);

    private void identity() throws IOException {
        object(IDENTITY);
    }

    private void identityField(String name, JsonToken value) throws IOException {
        RecordFields r = record;
        switch (name) {
            case "type" -> r.userType = string(value);
            case "principalId" -> r.principalId = stored(value);
            case "arn" -> r.userArn = string(value);
            case "accountId" -> r.userAccountId = stored(value);
            case "accessKeyId" -> r.accessKeyId = string(value);
            case "userName" -> r.userName = stored(value);
            case "invokedBy" -> r.invokedBy = stored(value);
            case "identityProvider" -> r.identityProvider = string(value);
            case "credentialId" -> r.credentialId = stored(value);
            case "sourceIdentity" -> r.identitySourceIdentity = string(value);
            case "sessionContext" -> objectOrSkip(value, SESSION_CONTEXT);
            case "onBehalfOf" -> objectOrSkip(value, ON_BEHALF_OF);
            default -> skip(value);
        }
    }

    private void onBehalfOfField(String name, JsonToken value) throws IOException {
        if (name.equals("userId")) {
            record.onBehalfOfUserId = string(value);
        } else {
            skip(value);
        }
    }

    private void sessionContextField(String name, JsonToken value) throws IOException {
        RecordFields r = record;
        switch (name) {
            case "sourceIdentity" -> r.sessionSourceIdentity = string(value);
            case "ec2RoleDelivery" -> r.ec2RoleDelivery = stored(value);
            case "sessionIssuer" -> objectOrSkip(value, SESSION_ISSUER);
            case "attributes" -> objectOrSkip(value, SESSION_ATTRIBUTES);
            case "webIdFederationData" -> objectOrSkip(value, WEB_ID_FEDERATION);
            default -> skip(value);
        }
    }

    private void sessionIssuerField(String name, JsonToken value) throws IOException {
        RecordFields r = record;
        switch (name) {
            case "type" -> r.issuerType = stored(value);
            case "principalId" -> r.issuerPrincipalId = stored(value);
            case "arn" -> r.issuerArn = stored(value);
            case "accountId" -> r.issuerAccountId = stored(value);
            case "userName" -> r.issuerUserName = stored(value);
            default -> skip(value);
        }
    }

    private void sessionAttributeField(String name, JsonToken value) throws IOException {
        RecordFields r = record;
        switch (name) {
            case "creationDate" -> r.creationDate = string(value);
            case "mfaAuthenticated" -> r.mfaAuthenticated = bool(value);
            default -> skip(value);
        }
    }

    private void webIdFederationField(String name, JsonToken value) throws IOException {
        if (name.equals("federatedProvider")) {
            record.federatedProvider = string(value);
        } else {
            skip(value);
        }
    }

    private void tlsDetails() throws IOException {
        object(TLS_DETAILS_FIELDS);
    }

    private void tlsField(String name, JsonToken value) throws IOException {
        RecordFields r = record;
        switch (name) {
            case "tlsVersion" -> r.tlsVersion = stored(value);
            case "cipherSuite" -> r.tlsCipherSuite = stored(value);
            case "clientProvidedHostHeader" -> r.tlsClientHost = stored(value);
            default -> skip(value);
        }
    }

    private void requestParameters() throws IOException {
        object(PARAMETERS);
    }

    private void parameterField(String name, JsonToken value) throws IOException {
        Integer index = RecordFields.PARAMETER_INDEX.get(name);
        if (index != null) {
            record.parameters[index] = string(value);
        } else if (name.equals("instancesSet") && value == JsonToken.START_OBJECT) {
            // EC2's instancesSet.items[0].instanceId, the instance a call acts on
            record.firstInstanceId = null;
            object(INSTANCES_SET);
        } else {
            skip(value);
        }
    }

    private void instancesSetField(String name, JsonToken value) throws IOException {
        if (!name.equals("items") || value != JsonToken.START_ARRAY) {
            skip(value);
            return;
        }
        record.firstInstanceId = null;
        JsonToken item = next();
        if (item == JsonToken.START_OBJECT) {
            object(INSTANCE);
        } else if (item != JsonToken.END_ARRAY) {
            skip(item);
        }
        if (item != JsonToken.END_ARRAY) {
            skipArrayRest();
        }
    }

    private void instanceField(String name, JsonToken value) throws IOException {
        if (name.equals("instanceId")) {
            record.firstInstanceId = string(value);
        } else {
            skip(value);
        }
    }

    /** responseElements or serviceEventDetails: what they answer under the event's name ("Failure" for sign-in). */
    private void answers(boolean response) throws IOException {
        RecordFields r = record;
        String eventName = r.string(RecordFields.EVENT_NAME);
        Map<String, String> values = eventName == null ? new HashMap<>() : null;
        String answer = null;
        open();
        while (next() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            noteKey(name);
            JsonToken value = next();
            if (value.isStructStart()) {
                skip(value);
            } else if (values != null) {
                String text = string(value);
                if (text != null) {
                    values.put(name, text);
                }
            } else if (name.equals(eventName)) {
                answer = string(value);
            }
        }
        close();
        if (response) {
            r.responseAnswer = answer;
            r.responseValues = values;
        } else {
            r.serviceAnswer = answer;
            r.serviceValues = values;
        }
    }

    private void additionalEventData() throws IOException {
        object(ADDITIONAL_EVENT_DATA_FIELDS);
    }

    private void additionalEventDataField(String name, JsonToken value) throws IOException {
        if (name.equals("bytesTransferredOut")) {
            record.bytesTransferredOut = byteCount(value);
        } else {
            skip(value);
        }
    }

    private void resources() throws IOException {
        RecordFields r = record;
        JsonToken item;
        while ((item = next()) != JsonToken.END_ARRAY && item != null) {
            if (item != JsonToken.START_OBJECT) {
                skip(item);
                continue;
            }
            String upper = null;
            String lower = null;
            String resourceName = null;
            open();
            while (next() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                noteKey(name);
                JsonToken value = next();
                // Only the first ARN and resource name are read: the rest are not decoded.
                switch (name) {
                    case "ARN" -> upper = stringIf(r.firstArn == null, value);
                    case "arn" -> lower = stringIf(r.firstArn == null, value);
                    case "resourceName" -> resourceName = stringIf(r.firstResourceName == null, value);
                    default -> skip(value);
                }
            }
            close();
            if (r.firstArn == null) {
                String arn = JsonValues.emptyToNull(upper);
                r.firstArn = arn != null ? arn : JsonValues.emptyToNull(lower);
            }
            if (r.firstResourceName == null) {
                r.firstResourceName = JsonValues.emptyToNull(resourceName);
            }
        }
    }

    private void insightDetails() throws IOException {
        object(INSIGHT);
    }

    private void insightField(String name, JsonToken value) throws IOException {
        RecordFields r = record;
        switch (name) {
            case "insightType" -> r.insightType = string(value);
            case "eventSource" -> r.insightEventSource = string(value);
            case "eventName" -> r.insightEventName = string(value);
            case "state" -> r.insightState = string(value);
            default -> skip(value);
        }
    }

    /** A value read as a string: its text when a scalar, null when JSON null or a container (skipped). */
    private @Nullable String string(JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_STRING) {
            return parser.getText();
        }
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value.isStructStart()) {
            skip(value);
            return null;
        }
        return scalarText(value);
    }

    /**
     * A value only stored, never read here: a string as the bytes it is written in when they are its value (no need
     * to decode it), else as {@link #string} reads it.
     */
    private @Nullable Object stored(JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_STRING) {
            Utf8Slice plain = slices.plainString(tokenStart());
            if (plain != null) {
                return plain;
            }
        }
        return string(value);
    }

    /** {@link #string} of the value when {@code wanted}, else the value skipped. */
    private @Nullable String stringIf(boolean wanted, JsonToken value) throws IOException {
        if (wanted) {
            return string(value);
        }
        skip(value);
        return null;
    }

    /** JSON booleans, and the strings "true"/"false" CloudTrail uses for some flags; containers are skipped. */
    private @Nullable Boolean bool(JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_TRUE) {
            return Boolean.TRUE;
        }
        if (value == JsonToken.VALUE_FALSE) {
            return Boolean.FALSE;
        }
        if (value == JsonToken.VALUE_STRING) {
            String text = parser.getText();
            return text.equalsIgnoreCase("true") ? Boolean.TRUE : text.equalsIgnoreCase("false") ? Boolean.FALSE : null;
        }
        skip(value);
        return null;
    }

    /** bytesTransferredOut: a number as a long, or a string of at most 18 digits; anything else is null. */
    private @Nullable Long byteCount(JsonToken value) throws IOException {
        switch (value) {
            case VALUE_NUMBER_INT -> {
                return switch (parser.getNumberType()) {
                    case INT, LONG -> parser.getLongValue();
                    default -> parser.getBigIntegerValue().longValue();
                };
            }
            case VALUE_NUMBER_FLOAT -> {
                return parser.getNumberType() == JsonParser.NumberType.BIG_DECIMAL
                        ? parser.getDecimalValue().longValue() : (long) parser.getDoubleValue();
            }
            case VALUE_STRING -> {
                String text = parser.getText();
                for (int i = 0; i < text.length(); i++) {
                    char c = text.charAt(i);
                    if (c < '0' || c > '9') {
                        return null;
                    }
                }
                return text.isEmpty() || text.length() > 18 ? null : Long.parseLong(text);
            }
            default -> {
                skip(value);
                return null;
            }
        }
    }

    /** A number's or boolean's text as a bound tree prints it (1.50 as 1.5), so values match the tree reading. */
    private String scalarText(JsonToken value) throws IOException {
        return switch (value) {
            case VALUE_TRUE -> "true";
            case VALUE_FALSE -> "false";
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT, LONG -> Long.toString(parser.getLongValue());
                default -> parser.getBigIntegerValue().toString();
            };
            case VALUE_NUMBER_FLOAT -> switch (parser.getNumberType()) {
                case BIG_DECIMAL -> parser.getDecimalValue().toString();
                case FLOAT -> Float.toString(parser.getFloatValue());
                default -> Double.toString(parser.getDoubleValue());
            };
            default -> parser.getText();
        };
    }

    /** Skips the value the parser stands on, looking at every key on the way. */
    private void skip(JsonToken value) throws IOException {
        if (value == JsonToken.START_OBJECT) {
            object(SKIPPED);
        } else if (value == JsonToken.START_ARRAY) {
            skipArrayRest();
        }
    }

    private void skipArrayRest() throws IOException {
        JsonToken item;
        while ((item = next()) != JsonToken.END_ARRAY && item != null) {
            skip(item);
        }
    }

    /** Reads the value to its end (a string's closing quote included), so the parser's offset is past it. */
    private void finish(JsonToken value) throws IOException {
        if (value.isStructStart()) {
            skip(value);
        } else if (value == JsonToken.VALUE_STRING) {
            parser.finishToken();
        }
    }

    /** The whole value the parser stands on, skipped, as its input text in a cell ({@link Slices#cell}). */
    private @Nullable Object slice(JsonToken value) throws IOException {
        long start = tokenStart();
        finish(value);
        return slice(start);
    }

    /** The input text from {@code start} to the end of the value just read, as a cell. */
    private @Nullable Object slice(long start) throws IOException {
        return end(start);
    }

    /** The input from {@code start} to the end of the value just read, as a cell ({@link Slices#cell}). */
    private @Nullable Object end(long start) throws IOException {
        JsonToken last = parser.currentToken();
        long end;
        if (last == JsonToken.END_OBJECT || last == JsonToken.END_ARRAY) {
            end = tokenStart() + 1;
        } else {
            parser.finishToken();
            end = parser.currentLocation().getByteOffset();
        }
        Object value = slices.cell(start, end);
        if (value == null) {
            sliceFailed = true;
        }
        return value;
    }

    /**
     * The offset of the current token, which is never a field name here. A byte parser keeps one past it in a field
     * (its token location subtracts the one), read without building a location per slice.
     */
    private long tokenStart() {
        return base != null ? base.getTokenCharacterOffset() - 1 : parser.currentTokenLocation().getByteOffset();
    }

    private void open() {
        level++;
        if (level == levelStart.length) {
            // deeper than CloudTrail nests; the parser bounds it at Json.MAX_NESTING_DEPTH
            levelStart = java.util.Arrays.copyOf(levelStart, level * 2);
            largeLevel = java.util.Arrays.copyOf(largeLevel, level * 2);
        }
        levelStart[level] = keyCount;
        largeLevel[level] = null;
    }

    private void close() {
        keyCount = levelStart[level];
        largeLevel[level] = null;
        level--;
    }

    /** Notes a key of the innermost object; a key it already has marks the record. */
    private void noteKey(String name) {
        Set<String> large = largeLevel[level];
        if (large != null) {
            if (!large.add(name)) {
                record.duplicate = true;
            }
            return;
        }
        int start = levelStart[level];
        int hash = name.hashCode();
        for (int i = start; i < keyCount; i++) {
            String seen = keys[i];
            if (seen == name || (seen.hashCode() == hash && seen.equals(name))) {
                record.duplicate = true;
                return;
            }
        }
        if (keyCount - start >= SMALL_OBJECT) {
            // A large object is checked by a set: the list would cost the square of its size.
            large = new HashSet<>();
            for (int i = start; i < keyCount; i++) {
                large.add(keys[i]);
            }
            large.add(name);
            largeLevel[level] = large;
            return;
        }
        if (keyCount == keys.length) {
            keys = java.util.Arrays.copyOf(keys, keys.length * 2);
        }
        keys[keyCount++] = name;
    }

    /**
     * Walks the one JSON object in {@code bytes[offset, offset + length)} (white space around it allowed); null when
     * the bytes hold anything else, or fail to parse: the caller then reads them as it always did, with its errors.
     *
     * @param kept whether the bytes stay unchanged for as long as the record's row lives, so its cells may share them;
     *             else (a buffer reused for the next line) cells get copies
     */
    static @Nullable RecordFields walk(byte[] bytes, int offset, int length, boolean kept) {
        try (JsonParser parser = Json.FACTORY.createParser(bytes, offset, length)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            long start = parser.currentTokenLocation().getByteOffset();
            if (start < 0 || bytes[offset + (int) start] != '{') {
                return null; // offsets not those of these bytes (a byte order mark)
            }
            RecordWalker walker = new RecordWalker(parser, new Slices() {
                @Override
                public String text(long from, long to) {
                    return new String(bytes, offset + (int) from, (int) (to - from), StandardCharsets.UTF_8);
                }

                @Override
                public @Nullable Utf8Slice plainString(long quote) {
                    if (quote < 0) {
                        return null; // no byte offset known
                    }
                    Utf8Slice plain = RecordingInputStream.plainString(bytes, offset + (int) quote, offset + length);
                    return plain == null || kept ? plain : Utf8Slice.of(java.util.Arrays.copyOfRange(plain.array(),
                            plain.offset(), plain.offset() + plain.length()), 0, plain.length());
                }
            });
            RecordFields fields = walker.walk();
            return fields != null && parser.nextToken() == null ? fields : null;
        } catch (IOException | RuntimeException unreadable) {
            return null;
        }
    }

    private static HashMap<String, Integer> topFields() {
        Map<String, Integer> codes = new HashMap<>();
        for (int i = 0; i < RecordFields.SCALAR_NAMES.length; i++) {
            codes.put(RecordFields.SCALAR_NAMES[i], i);
        }
        for (int i = 0; i < RecordFields.JSON_NAMES.length; i++) {
            codes.put(RecordFields.JSON_NAMES[i], JSON_COLUMN + i);
        }
        codes.put("eventTime", EVENT_TIME);
        codes.put("readOnly", READ_ONLY);
        codes.put("managementEvent", MANAGEMENT_EVENT);
        codes.put("sessionCredentialFromConsole", SESSION_CREDENTIAL_FROM_CONSOLE);
        codes.put("tlsDetails", TLS_DETAILS);
        codes.put("detail", DETAIL);
        codes.put("detail-type", DETAIL_TYPE);
        for (String wrapper : new String[] {"_source", "attributes", "content"}) {
            codes.put(wrapper, WRAPPER);
        }
        codes.put("CloudTrailEvent", EVENT_OBJECT_FIELD);
        codes.put("EventId", EVENT_OBJECT_FIELD);
        for (String lower : new String[] {"eventname", "eventtime", "eventsource"}) {
            codes.put(lower, LOWER_CASE_NAME);
        }
        for (String exported : new String[] {"@timestamp", "timestamp", "evt", "network", "http", "usr", "evt.name",
                "evt.outcome", "network.client.ip", "http.useragent", "usr.id", "usr.name", "usr.account_id"}) {
            codes.put(exported, EXPORTED);
        }
        // Each name also gets a bit of its own (above the code) for the check of names used twice.
        HashMap<String, Integer> withBits = new HashMap<>();
        int bit = 0;
        for (Map.Entry<String, Integer> entry : codes.entrySet()) {
            withBits.put(entry.getKey(), entry.getValue() | (bit++ << 16));
        }
        if (bit > 64) {
            throw new IllegalStateException("more known top-level fields than bits in a long");
        }
        return withBits;
    }
}
