package dev.cloudsift.formats.cloudtrail;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cloudsift.core.Json;
import dev.cloudsift.core.Nullable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What {@link CloudTrailRecordMapper} reads of one CloudTrail record, taken by {@link RecordWalker} in one pass over
 * its tokens: the typed values, the JSON text of the sub-objects stored as JSON columns, the {@code other} object,
 * and what tells a plain record from an envelope. Values follow the tree reading they replace: a scalar is its text
 * (numbers and booleans as a tree prints them), a container or JSON null where a scalar is read is null.
 */
final class RecordFields {
    /** Top-level string fields with a column, in the order the type check names them. */
    static final String[] SCALAR_NAMES = {
        "eventVersion", "eventSource", "eventName", "awsRegion", "sourceIPAddress", "userAgent", "errorCode",
        "errorMessage", "requestID", "eventID", "sharedEventID", "eventType", "eventCategory", "recipientAccountId",
        "apiVersion", "vpcEndpointId", "vpcEndpointAccountId",
    };
    static final int EVENT_VERSION = 0;
    static final int EVENT_SOURCE = 1;
    static final int EVENT_NAME = 2;
    static final int AWS_REGION = 3;
    static final int SOURCE_IP_ADDRESS = 4;
    static final int USER_AGENT = 5;
    static final int ERROR_CODE = 6;
    static final int ERROR_MESSAGE = 7;
    static final int REQUEST_ID = 8;
    static final int EVENT_ID = 9;
    static final int SHARED_EVENT_ID = 10;
    static final int EVENT_TYPE = 11;
    static final int EVENT_CATEGORY = 12;
    static final int RECIPIENT_ACCOUNT_ID = 13;
    static final int API_VERSION = 14;
    static final int VPC_ENDPOINT_ID = 15;
    static final int VPC_ENDPOINT_ACCOUNT_ID = 16;
    /** Of {@link #SCALAR_NAMES}, the first this many must not be objects or arrays: else it is not CloudTrail. */
    static final int TYPE_CHECKED = 14;

    /** Top-level fields stored whole as JSON columns, by index into {@link #json}. */
    static final String[] JSON_NAMES = {
        "userIdentity", "requestParameters", "responseElements", "additionalEventData", "resources",
        "serviceEventDetails", "insightDetails",
    };
    static final int USER_IDENTITY = 0;
    static final int REQUEST_PARAMETERS = 1;
    static final int RESPONSE_ELEMENTS = 2;
    static final int ADDITIONAL_EVENT_DATA = 3;
    static final int RESOURCES = 4;
    static final int SERVICE_EVENT_DETAILS = 5;
    static final int INSIGHT_DETAILS = 6;

    /** Request parameters the resource is read from: {@code key} beside {@code bucketName}, then the named ones. */
    static final String[] PARAMETER_NAMES;
    static final java.util.HashMap<String, Integer> PARAMETER_INDEX;

    static {
        String[] names = CloudTrailEventSummary.RESOURCE_PARAMETERS;
        PARAMETER_NAMES = new String[names.length + 1];
        PARAMETER_NAMES[0] = "key";
        System.arraycopy(names, 0, PARAMETER_NAMES, 1, names.length);
        java.util.HashMap<String, Integer> index = new java.util.HashMap<>();
        for (int i = 0; i < PARAMETER_NAMES.length; i++) {
            index.putIfAbsent(PARAMETER_NAMES[i], i);
        }
        PARAMETER_INDEX = index; // never changed after this; a HashMap looks names up fastest
    }

    /** Parses exporter attributes without telling {@code DuplicateKeys}: the walk has already looked for those. */
    private static final ObjectMapper PLAIN = new ObjectMapper(Json.FACTORY);

    /**
     * Of {@link #SCALAR_NAMES}, those only stored in their column (never read to summarise the record): their strings
     * may be held as {@link dev.cloudsift.core.Utf8Slice}s of the input.
     */
    static final boolean[] STORED_ONLY = new boolean[SCALAR_NAMES.length];

    static {
        for (int index : new int[] {EVENT_VERSION, ERROR_MESSAGE, REQUEST_ID, SHARED_EVENT_ID, EVENT_CATEGORY,
                API_VERSION, VPC_ENDPOINT_ID, VPC_ENDPOINT_ACCOUNT_ID}) {
            STORED_ONLY[index] = true;
        }
    }

    /** Each scalar field's value: a {@code String}, or a {@code Utf8Slice} for one {@link #STORED_ONLY}. */
    final Object[] scalar = new Object[SCALAR_NAMES.length];
    /** The first token of each scalar field's value; null when the field is absent. */
    final JsonToken[] scalarToken = new JsonToken[SCALAR_NAMES.length];
    /**
     * The JSON text of each JSON column's field as a cell (a {@code String} or a
     * {@link dev.cloudsift.core.Utf8Slice}); null when absent or JSON null.
     */
    final Object[] json = new Object[JSON_NAMES.length];

    @Nullable JsonToken eventTimeToken;
    @Nullable String eventTimeText;
    /** eventTime's text when it is a number or a boolean, for the problem that says so. */
    @Nullable String eventTimeScalar;
    @Nullable Instant eventTime;
    @Nullable Boolean readOnly;
    @Nullable Boolean managementEvent;
    @Nullable Boolean sessionCredentialFromConsole;

    /** userIdentity's first token when it is present and not an object (a type error), with its text. */
    @Nullable JsonToken identityToken;
    @Nullable String identityScalar;
    boolean hasIdentity;
    @Nullable String userType;
    /** Cells ({@code String} or {@code Utf8Slice}): stored, and read as text only to name a principal by. */
    @Nullable Object principalId;
    @Nullable String userArn;
    /** Cells ({@code String} or {@code Utf8Slice}), as {@link #principalId}. */
    @Nullable Object userAccountId;
    @Nullable String accessKeyId;
    @Nullable Object userName;
    @Nullable Object invokedBy;
    @Nullable String identityProvider;
    @Nullable Object credentialId;
    @Nullable String identitySourceIdentity;
    @Nullable String onBehalfOfUserId;
    @Nullable String sessionSourceIdentity;
    @Nullable Object ec2RoleDelivery;
    @Nullable String federatedProvider;
    @Nullable Object issuerType;
    @Nullable Object issuerPrincipalId;
    /** A cell ({@code String} or {@code Utf8Slice}), as {@link #principalId}. */
    @Nullable Object issuerArn;
    @Nullable Object issuerAccountId;
    @Nullable Object issuerUserName;
    @Nullable Boolean mfaAuthenticated;
    @Nullable String creationDate;

    /** Values only stored (identity above, TLS here) are cells: a {@code String} or a {@code Utf8Slice}. */
    @Nullable Object tlsVersion;
    @Nullable Object tlsCipherSuite;
    @Nullable Object tlsClientHost;

    boolean requestParametersObject;
    final String[] parameters = new String[PARAMETER_NAMES.length];
    @Nullable String firstInstanceId;

    /**
     * responseElements / serviceEventDetails answering the event's name: when the name was read before the object,
     * only its answer is kept; otherwise every top-level scalar, looked up once the name is known.
     */
    @Nullable String responseAnswer;
    @Nullable Map<String, String> responseValues;
    @Nullable String serviceAnswer;
    @Nullable Map<String, String> serviceValues;

    @Nullable Long bytesTransferredOut;

    boolean resourcesArray;
    @Nullable String firstArn;
    @Nullable String firstResourceName;

    boolean hasInsightDetails;
    @Nullable String insightType;
    @Nullable String insightEventSource;
    @Nullable String insightEventName;
    @Nullable String insightState;

    /**
     * The {@code other} column's JSON object as a cell (a {@code Utf8Slice} of its bytes); null when every field has
     * a column that holds it.
     */
    @Nullable Object other;
    /** Exporter attributes (Datadog's evt/usr/network/http, Logstash's @timestamp) by name, as JSON text. */
    @Nullable List<String[]> exported;
    private @Nullable ObjectNode exportedTree;

    boolean hasEventTime;
    boolean hasEventSource;
    boolean hasEventVersion;
    boolean hasEventName;
    boolean hasDetailObject;
    boolean hasDetailType;
    boolean hasWrapperObject;
    boolean hasEventObjectField;
    boolean hasLowerCaseName;
    /** A key named twice somewhere in the record: only a tree knows which value is read (the last). */
    boolean duplicate;
    /** The compact text of the record when it came from a tree, hashed for the dedupe key of a record without eventID. */
    @Nullable String compact;

    @Nullable String string(int index) {
        return dev.cloudsift.core.Utf8Slice.text(scalar[index]);
    }

    /** A scalar field's value as its column's cell: a {@code String} or a {@code Utf8Slice}. */
    @Nullable Object cell(int index) {
        return scalar[index];
    }

    /**
     * Whether this is a CloudTrail record as trails write it (an eventID, no envelope around it, CloudTrail's own
     * key names), mapped as walked; anything else is bound whole and read by {@link CloudTrailItems}.
     */
    boolean plain() {
        boolean wrapped = !hasEventTime && !hasEventSource && !hasEventVersion
                && ((hasDetailObject && hasDetailType) || hasWrapperObject);
        boolean eventObject = !hasEventTime && hasEventObjectField;
        boolean lowerCase = !hasEventName && !hasEventTime && hasLowerCaseName;
        return scalarToken[EVENT_ID] == JsonToken.VALUE_STRING && !duplicate && !wrapped && !eventObject && !lowerCase;
    }

    /** The exporter attributes as a small tree for {@link ExportedFields}; null when the record has none. */
    @Nullable JsonNode exported() {
        if (exported == null) {
            return null;
        }
        if (exportedTree == null) {
            ObjectNode tree = PLAIN.createObjectNode();
            for (String[] field : exported) {
                try {
                    tree.set(field[0], PLAIN.readTree(field[1]));
                } catch (com.fasterxml.jackson.core.JsonProcessingException cannotHappen) {
                    // the text is a value the walk has just read whole
                }
            }
            exportedTree = tree;
        }
        return exportedTree;
    }

    void addExported(String name, String text) {
        if (exported == null) {
            exported = new ArrayList<>(4);
        }
        exported.add(new String[] {name, text});
    }
}
