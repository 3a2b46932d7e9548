package dev.cloudsift.formats.cloudtrail;

import static dev.cloudsift.formats.cloudtrail.JsonValues.bool;
import static dev.cloudsift.formats.cloudtrail.JsonValues.describe;
import static dev.cloudsift.formats.cloudtrail.JsonValues.emptyToNull;
import static dev.cloudsift.formats.cloudtrail.JsonValues.nonNull;
import static dev.cloudsift.formats.cloudtrail.JsonValues.shorten;
import static dev.cloudsift.formats.cloudtrail.JsonValues.string;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.cloudsift.core.Anomalies;
import dev.cloudsift.core.DuplicateKeys;
import dev.cloudsift.core.Event;
import dev.cloudsift.core.IpAddresses;
import dev.cloudsift.core.Json;
import dev.cloudsift.core.LogRecord;
import dev.cloudsift.core.Nullable;
import dev.cloudsift.core.Outcome;
import dev.cloudsift.core.ParseProblem;
import dev.cloudsift.core.PathHints;
import dev.cloudsift.core.Position;
import dev.cloudsift.core.ReadItem;
import dev.cloudsift.core.RecordKeys;
import dev.cloudsift.core.TableRow;
import dev.cloudsift.core.TableSchema;
import java.time.Instant;
import java.util.List;

/**
 * Turns one CloudTrail record (already parsed JSON, whatever shape carried it) into its {@code events} row and
 * {@code cloudtrail} row, or into a {@link ParseProblem} naming what was wrong. Shared by every CloudTrail shape and
 * by the CloudWatch reader for trails copied into CloudWatch Logs.
 */
public final class CloudTrailRecordMapper {
    /** {@code shape} value of records read from S3 trail files. */
    public static final String SHAPE_S3 = "s3";
    /** {@code shape} value of records read from CloudTrail-Insight files. */
    public static final String SHAPE_INSIGHT = "insight";
    /** {@code shape} value of LookupEvents dumps. */
    public static final String SHAPE_LOOKUP = "lookup-events";
    /** {@code shape} value of console Event history JSON downloads. */
    public static final String SHAPE_HISTORY_JSON = "event-history-json";
    /** {@code shape} value of console Event history CSV downloads. */
    public static final String SHAPE_HISTORY_CSV = "event-history-csv";
    /** {@code shape} value of JSON Lines exports. */
    public static final String SHAPE_JSON_LINES = "json-lines";
    /** {@code shape} value of bare JSON arrays of records. */
    public static final String SHAPE_JSON_ARRAY = "json-array";
    /** {@code shape} value of records copied into CloudWatch Logs. */
    public static final String SHAPE_CLOUDWATCH = "cloudwatch";

    /** The {@code events.source} value and prefix of every dedupe key. */
    public static final String SOURCE = "cloudtrail";

    private static final TableSchema TABLE = CloudTrailTables.CLOUDTRAIL;
    private static final int EVENT_TIME = TABLE.indexOf("event_time");
    private static final int EVENT_VERSION = TABLE.indexOf("event_version");
    private static final int EVENT_SOURCE = TABLE.indexOf("event_source");
    private static final int EVENT_NAME = TABLE.indexOf("event_name");
    private static final int AWS_REGION = TABLE.indexOf("aws_region");
    private static final int SOURCE_IP_ADDRESS = TABLE.indexOf("source_ip_address");
    private static final int SRC_IP = TABLE.indexOf("src_ip");
    private static final int SOURCE_HOST = TABLE.indexOf("source_host");
    private static final int USER_AGENT = TABLE.indexOf("user_agent");
    private static final int ERROR_CODE = TABLE.indexOf("error_code");
    private static final int ERROR_MESSAGE = TABLE.indexOf("error_message");
    private static final int REQUEST_ID = TABLE.indexOf("request_id");
    private static final int EVENT_ID = TABLE.indexOf("event_id");
    private static final int SHARED_EVENT_ID = TABLE.indexOf("shared_event_id");
    private static final int EVENT_TYPE = TABLE.indexOf("event_type");
    private static final int EVENT_CATEGORY = TABLE.indexOf("event_category");
    private static final int READ_ONLY = TABLE.indexOf("read_only");
    private static final int MANAGEMENT_EVENT = TABLE.indexOf("management_event");
    private static final int RECIPIENT_ACCOUNT_ID = TABLE.indexOf("recipient_account_id");
    private static final int API_VERSION = TABLE.indexOf("api_version");
    private static final int VPC_ENDPOINT_ID = TABLE.indexOf("vpc_endpoint_id");
    private static final int VPC_ENDPOINT_ACCOUNT_ID = TABLE.indexOf("vpc_endpoint_account_id");
    private static final int SESSION_CREDENTIAL_FROM_CONSOLE = TABLE.indexOf("session_credential_from_console");
    private static final int TLS_VERSION = TABLE.indexOf("tls_version");
    private static final int TLS_CIPHER_SUITE = TABLE.indexOf("tls_cipher_suite");
    private static final int TLS_CLIENT_HOST = TABLE.indexOf("tls_client_host");
    private static final int USER_TYPE = TABLE.indexOf("user_type");
    private static final int USER_PRINCIPAL_ID = TABLE.indexOf("user_principal_id");
    private static final int USER_ARN = TABLE.indexOf("user_arn");
    private static final int USER_ACCOUNT_ID = TABLE.indexOf("user_account_id");
    private static final int USER_ACCESS_KEY_ID = TABLE.indexOf("user_access_key_id");
    private static final int USER_NAME = TABLE.indexOf("user_name");
    private static final int USER_INVOKED_BY = TABLE.indexOf("user_invoked_by");
    private static final int USER_IDENTITY_PROVIDER = TABLE.indexOf("user_identity_provider");
    private static final int SESSION_ISSUER_TYPE = TABLE.indexOf("session_issuer_type");
    private static final int SESSION_ISSUER_PRINCIPAL_ID = TABLE.indexOf("session_issuer_principal_id");
    private static final int SESSION_ISSUER_ARN = TABLE.indexOf("session_issuer_arn");
    private static final int SESSION_ISSUER_ACCOUNT_ID = TABLE.indexOf("session_issuer_account_id");
    private static final int SESSION_ISSUER_USER_NAME = TABLE.indexOf("session_issuer_user_name");
    private static final int SESSION_MFA_AUTHENTICATED = TABLE.indexOf("session_mfa_authenticated");
    private static final int SESSION_CREATION_DATE = TABLE.indexOf("session_creation_date");
    private static final int SOURCE_IDENTITY = TABLE.indexOf("source_identity");
    private static final int EC2_ROLE_DELIVERY = TABLE.indexOf("ec2_role_delivery");
    private static final int ON_BEHALF_OF_USER_ID = TABLE.indexOf("on_behalf_of_user_id");
    private static final int CREDENTIAL_ID = TABLE.indexOf("credential_id");
    private static final int USER_IDENTITY = TABLE.indexOf("user_identity");
    private static final int REQUEST_PARAMETERS = TABLE.indexOf("request_parameters");
    private static final int RESPONSE_ELEMENTS = TABLE.indexOf("response_elements");
    private static final int ADDITIONAL_EVENT_DATA = TABLE.indexOf("additional_event_data");
    private static final int RESOURCES = TABLE.indexOf("resources");
    private static final int SERVICE_EVENT_DETAILS = TABLE.indexOf("service_event_details");
    private static final int INSIGHT_DETAILS = TABLE.indexOf("insight_details");
    private static final int OTHER = TABLE.indexOf("other");
    private static final int INSIGHT_TYPE = TABLE.indexOf("insight_type");
    private static final int PATH_ACCOUNT_ID = TABLE.indexOf("path_account_id");
    private static final int PATH_REGION = TABLE.indexOf("path_region");
    private static final int PRINCIPAL = TABLE.indexOf("principal");
    private static final int RESOURCE = TABLE.indexOf("resource");
    private static final int OUTCOME = TABLE.indexOf("outcome");
    private static final int BYTES = TABLE.indexOf("bytes");
    private static final int MESSAGE = TABLE.indexOf("message");
    private static final int SHAPE = TABLE.indexOf("shape");

    /** Top-level fields that must be plain values when present; an object or array there is not CloudTrail. */
    private static final String[] SCALAR_FIELDS = {
        "eventVersion", "eventSource", "eventName", "awsRegion", "sourceIPAddress", "userAgent", "errorCode",
        "errorMessage", "requestID", "eventID", "sharedEventID", "eventType", "eventCategory", "recipientAccountId",
    };

    private static final ObjectReader STRICT = Json.MAPPER.readerFor(JsonNode.class)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private CloudTrailRecordMapper() {}

    /**
     * Parses one record's JSON text (a CloudWatch Logs message, a line) and maps it; the text is kept for a problem.
     * Text that is not one JSON object gives a {@link ParseProblem} naming why.
     */
    public static ReadItem mapText(String text, String shape, Position position, PathHints hints) {
        JsonNode record;
        try {
            record = STRICT.readTree(text);
        } catch (JsonProcessingException e) {
            return ParseProblem.of(position, "CloudTrail record is not valid JSON: " + e.getOriginalMessage(), text);
        }
        if (record == null || record.isMissingNode()) {
            return ParseProblem.of(position, "CloudTrail record is empty", text);
        }
        ReadItem item = map(record, shape, position, text, hints);
        return item instanceof LogRecord mapped ? mapped.withAnomalies(DuplicateKeys.takeFrom(record)) : item;
    }

    /** {@link #map(JsonNode, String, Position, String, PathHints)} without raw text or path hints. */
    public static ReadItem map(JsonNode record, String shape, Position position) {
        return map(record, shape, position, null, PathHints.NONE);
    }

    /**
     * Maps one record.
     *
     * @param record   the CloudTrail record object (the item of {@code Records}, the parsed {@code CloudTrailEvent}, ...)
     * @param shape    how it arrived, one of the {@code SHAPE_} constants; stored in {@code cloudtrail.shape}
     * @param position where the record starts in its file
     * @param rawText  the record's original JSON text when the reader has it, quoted by a problem; otherwise the node is serialized
     * @param hints    path hints, used only when the record lacks its own account or region
     * @return a {@link LogRecord} (event + {@code cloudtrail} row), or a {@link ParseProblem} when a field has a
     *         type CloudTrail never writes (eventTime as a number, userIdentity as a string, ...)
     */
    public static ReadItem map(JsonNode record, String shape, Position position, @Nullable String rawText,
            PathHints hints) {
        return map(record, shape, position, rawText, hints, java.util.Map.of());
    }

    /**
     * {@link #map(JsonNode, String, Position, String, PathHints)} for a record read by slices: {@code slices} holds the
     * original JSON text of some top-level fields (see {@link JsonItemStream#SLICED}), stored as is instead of
     * serialising their trees again, which may be partial (only what the events summary reads).
     */
    static ReadItem map(JsonNode record, String shape, Position position, @Nullable String rawText,
            PathHints hints, java.util.Map<String, String> slices) {
        if (!record.isObject()) {
            return problem(position, "CloudTrail record is " + describe(record) + ", expected a JSON object", record,
                    rawText);
        }
        String typeError = checkTypes(record);
        if (typeError != null) {
            return problem(position, typeError, record, rawText);
        }
        JsonNode timeNode = record.get("eventTime");
        Instant eventTime = timeNode == null || timeNode.isNull() ? null : CloudTrailTimes.eventTime(timeNode.textValue());
        if (eventTime == null && timeNode != null && !timeNode.isNull()) {
            return problem(position, "eventTime \"" + shorten(record.get("eventTime").textValue())
                    + "\" is not an ISO-8601 time such as 2025-11-04T09:15:30Z", record, rawText);
        }
        List<String> anomalies = List.of();
        if (eventTime == null) {
            // Logstash's cloudtrail codec moves eventTime to @timestamp; Datadog gives its log time as timestamp.
            eventTime = ExportedFields.time(record);
            if (eventTime == null) {
                anomalies = List.of(Anomalies.NO_TIME);
            }
        }

        JsonNode identity = nonNull(record.get("userIdentity"));
        JsonNode sessionContext = identity == null ? null : nonNull(identity.get("sessionContext"));
        JsonNode issuer = sessionContext == null ? null : nonNull(sessionContext.get("sessionIssuer"));
        JsonNode attributes = sessionContext == null ? null : nonNull(sessionContext.get("attributes"));
        JsonNode onBehalfOf = identity == null ? null : nonNull(identity.get("onBehalfOf"));
        JsonNode tls = nonNull(record.get("tlsDetails"));
        JsonNode requestParameters = nonNull(record.get("requestParameters"));
        JsonNode responseElements = nonNull(record.get("responseElements"));
        JsonNode additionalEventData = nonNull(record.get("additionalEventData"));
        JsonNode serviceEventDetails = nonNull(record.get("serviceEventDetails"));
        JsonNode insightDetails = nonNull(record.get("insightDetails"));
        JsonNode resources = nonNull(record.get("resources"));

        String eventSource = string(record, "eventSource");
        String eventName = orElse(string(record, "eventName"), ExportedFields.eventName(record));
        String eventId = string(record, "eventID");
        String awsRegion = string(record, "awsRegion");
        String recipientAccountId = string(record, "recipientAccountId");
        String sourceIpAddress = orElse(string(record, "sourceIPAddress"), ExportedFields.sourceIp(record));
        String errorCode = emptyToNull(string(record, "errorCode"));
        String userType = string(identity, "type");
        String userArn = emptyToNull(string(identity, "arn"));
        String userAccountId = string(identity, "accountId");
        String accessKeyId = emptyToNull(string(identity, "accessKeyId"));
        String issuerArn = emptyToNull(string(issuer, "arn"));
        String onBehalfOfUserId = string(onBehalfOf, "userId");
        boolean isIp = IpAddresses.isIpAddress(sourceIpAddress);

        Object[] row = TABLE.newRow();
        row[EVENT_TIME] = eventTime;
        row[EVENT_VERSION] = string(record, "eventVersion");
        row[EVENT_SOURCE] = eventSource;
        row[EVENT_NAME] = eventName;
        row[AWS_REGION] = awsRegion;
        row[SOURCE_IP_ADDRESS] = sourceIpAddress;
        row[SRC_IP] = isIp ? sourceIpAddress : null;
        row[SOURCE_HOST] = isIp ? null : sourceIpAddress;
        row[USER_AGENT] = orElse(string(record, "userAgent"), ExportedFields.userAgent(record));
        row[ERROR_CODE] = errorCode;
        row[ERROR_MESSAGE] = string(record, "errorMessage");
        row[REQUEST_ID] = string(record, "requestID");
        row[EVENT_ID] = eventId;
        row[SHARED_EVENT_ID] = string(record, "sharedEventID");
        row[EVENT_TYPE] = string(record, "eventType");
        row[EVENT_CATEGORY] = string(record, "eventCategory");
        row[READ_ONLY] = bool(record.get("readOnly"));
        row[MANAGEMENT_EVENT] = bool(record.get("managementEvent"));
        row[RECIPIENT_ACCOUNT_ID] = recipientAccountId;
        row[API_VERSION] = string(record, "apiVersion");
        row[VPC_ENDPOINT_ID] = string(record, "vpcEndpointId");
        row[VPC_ENDPOINT_ACCOUNT_ID] = string(record, "vpcEndpointAccountId");
        row[SESSION_CREDENTIAL_FROM_CONSOLE] = bool(record.get("sessionCredentialFromConsole"));
        row[TLS_VERSION] = string(tls, "tlsVersion");
        row[TLS_CIPHER_SUITE] = string(tls, "cipherSuite");
        row[TLS_CLIENT_HOST] = string(tls, "clientProvidedHostHeader");
        row[USER_TYPE] = userType;
        row[USER_PRINCIPAL_ID] = string(identity, "principalId");
        row[USER_ARN] = userArn;
        row[USER_ACCOUNT_ID] = userAccountId;
        row[USER_ACCESS_KEY_ID] = accessKeyId;
        row[USER_NAME] = string(identity, "userName");
        row[USER_INVOKED_BY] = string(identity, "invokedBy");
        row[USER_IDENTITY_PROVIDER] = identityProvider(identity, sessionContext);
        row[SESSION_ISSUER_TYPE] = string(issuer, "type");
        row[SESSION_ISSUER_PRINCIPAL_ID] = string(issuer, "principalId");
        row[SESSION_ISSUER_ARN] = issuerArn;
        row[SESSION_ISSUER_ACCOUNT_ID] = string(issuer, "accountId");
        row[SESSION_ISSUER_USER_NAME] = string(issuer, "userName");
        row[SESSION_MFA_AUTHENTICATED] = bool(attributes == null ? null : attributes.get("mfaAuthenticated"));
        // A session attribute we cannot read is not worth losing the record for; user_identity keeps it.
        String creationDate = string(attributes, "creationDate");
        row[SESSION_CREATION_DATE] = creationDate == null ? null : CloudTrailTimes.eventTime(creationDate);
        row[SOURCE_IDENTITY] = sourceIdentity(identity, sessionContext);
        row[EC2_ROLE_DELIVERY] = string(sessionContext, "ec2RoleDelivery");
        row[ON_BEHALF_OF_USER_ID] = onBehalfOfUserId;
        row[CREDENTIAL_ID] = string(identity, "credentialId");
        row[USER_IDENTITY] = jsonText(slices, "userIdentity", identity);
        row[REQUEST_PARAMETERS] = jsonText(slices, "requestParameters", requestParameters);
        row[RESPONSE_ELEMENTS] = jsonText(slices, "responseElements", responseElements);
        row[ADDITIONAL_EVENT_DATA] = jsonText(slices, "additionalEventData", additionalEventData);
        row[RESOURCES] = jsonText(slices, "resources", resources);
        row[SERVICE_EVENT_DETAILS] = jsonText(slices, "serviceEventDetails", serviceEventDetails);
        row[INSIGHT_DETAILS] = Json.text(insightDetails);
        row[OTHER] = OtherFields.of(record, eventTime);
        row[INSIGHT_TYPE] = string(insightDetails, "insightType");
        // An exporter's account attribute (Datadog's usr.account_id) outranks the path: it came with the record.
        row[PATH_ACCOUNT_ID] = orElse(ExportedFields.accountId(record), hints.accountId());
        row[PATH_REGION] = hints.region();
        row[SHAPE] = shape;

        String accountId = recipientAccountId != null ? recipientAccountId
                : userAccountId != null ? userAccountId
                : orElse(ExportedFields.accountId(record), hints.accountId());
        String principal = CloudTrailEventSummary.principal(identity, userType, userArn, issuerArn, userAccountId, onBehalfOfUserId);
        if (principal == null) {
            principal = ExportedFields.user(record);
        }
        String action = eventName;
        String resource;
        Outcome outcome;
        String message;
        if (insightDetails != null && eventName == null) {
            // Insights carry no caller: the action is the kind of insight, the target the API it watched.
            action = string(insightDetails, "insightType");
            resource = CloudTrailEventSummary.insightTarget(insightDetails);
            outcome = Outcome.UNKNOWN;
            message = CloudTrailEventSummary.insightMessage(insightDetails);
        } else {
            resource = CloudTrailEventSummary.resource(resources, requestParameters);
            outcome = CloudTrailEventSummary.outcome(errorCode, eventName, responseElements, serviceEventDetails);
            Outcome exported = errorCode == null ? ExportedFields.outcome(record) : null;
            if (exported == Outcome.FAILURE) {
                outcome = exported; // the pipeline saw an error whose code the export no longer carries
            }
            message = CloudTrailEventSummary.message(eventSource, eventName, principal, sourceIpAddress, outcome,
                    errorCode);
        }

        Event event = Event.builder(SOURCE)
                .eventTime(eventTime)
                .accountId(accountId)
                .region(awsRegion != null ? awsRegion : hints.region())
                .action(action)
                .outcome(outcome)
                .errorCode(errorCode)
                .principal(principal)
                .accessKeyId(accessKeyId)
                .srcIp(isIp ? sourceIpAddress : null)
                .userAgent((String) row[USER_AGENT])
                .resource(resource)
                .bytes(CloudTrailEventSummary.bytes(additionalEventData))
                .eventId(eventId)
                .message(message)
                .build();
        row[PRINCIPAL] = principal;
        row[RESOURCE] = resource;
        row[OUTCOME] = outcome.columnValue();
        row[BYTES] = event.bytes();
        row[MESSAGE] = message;
        String dedupeKey = eventId != null
                ? SOURCE + ":" + (accountId == null ? "" : accountId) + ":" + eventId
                : RecordKeys.hashed(SOURCE, record.toString()); // compact form: the same record pretty or not
        return new LogRecord(event, List.of(new TableRow(TABLE.name(), row)), dedupeKey, position, anomalies);
    }

    private static @Nullable String orElse(@Nullable String value, @Nullable String fallback) {
        return value != null ? value : fallback;
    }

    /** The JSON text of a top-level field: its slice of the input when there is one, else its tree serialised. */
    private static @Nullable String jsonText(java.util.Map<String, String> slices, String field, @Nullable JsonNode tree) {
        String slice = slices.get(field);
        return slice != null ? slice : Json.text(tree);
    }

    /** The first field whose type CloudTrail never writes, described; null when every checked field is fine. */
    private static @Nullable String checkTypes(JsonNode record) {
        JsonNode time = record.get("eventTime");
        if (time != null && !time.isNull() && !time.isTextual()) {
            return "eventTime is " + describe(time) + ", expected an ISO-8601 string such as 2025-11-04T09:15:30Z";
        }
        JsonNode identity = record.get("userIdentity");
        if (identity != null && !identity.isNull() && !identity.isObject()) {
            return "userIdentity is " + describe(identity) + ", expected a JSON object";
        }
        for (String field : SCALAR_FIELDS) {
            JsonNode value = record.get(field);
            if (value != null && value.isContainerNode()) {
                return field + " is " + describe(value) + ", expected a string";
            }
        }
        return null;
    }

    private static @Nullable String identityProvider(@Nullable JsonNode identity, @Nullable JsonNode sessionContext) {
        String provider = string(identity, "identityProvider");
        if (provider == null) {
            provider = Json.pathString(sessionContext, "webIdFederationData", "federatedProvider");
        }
        return provider;
    }

    private static @Nullable String sourceIdentity(@Nullable JsonNode identity, @Nullable JsonNode sessionContext) {
        String value = string(sessionContext, "sourceIdentity");
        return value != null ? value : string(identity, "sourceIdentity");
    }

    private static ParseProblem problem(Position position, String reason, JsonNode record, @Nullable String rawText) {
        return ParseProblem.of(position, reason, rawText != null ? rawText : record.toString());
    }
}
