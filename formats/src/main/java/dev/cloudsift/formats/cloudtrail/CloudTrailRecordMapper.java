package dev.cloudsift.formats.cloudtrail;

import static dev.cloudsift.formats.cloudtrail.JsonValues.describe;
import static dev.cloudsift.formats.cloudtrail.JsonValues.emptyToNull;
import static dev.cloudsift.formats.cloudtrail.JsonValues.shorten;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
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
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * Turns one CloudTrail record (walked token by token, or bound as a tree; whatever shape carried it) into its {@code events} row and
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

    private static final ObjectReader STRICT = Json.MAPPER.readerFor(JsonNode.class)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private CloudTrailRecordMapper() {}

    /**
     * Parses one record's JSON text (a CloudWatch Logs message, a line) and maps it; the text is kept for a problem.
     * Text that is not one JSON object gives a {@link ParseProblem} naming why.
     */
    public static ReadItem mapText(String text, String shape, Position position, PathHints hints) {
        ReadItem walked = mapWalked(text, shape, position, hints);
        if (walked != null) {
            return walked;
        }
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

    /**
     * Maps the record in {@code text} from one walk over its bytes, its JSON columns cut from the text; null when
     * the text needs a tree (not exactly one object, a key named twice, no eventID string), so the caller binds it.
     */
    public static @Nullable ReadItem mapWalked(String text, String shape, Position position, PathHints hints) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        RecordFields fields = RecordWalker.walk(bytes, 0, bytes.length, true);
        if (fields == null || fields.duplicate || fields.scalarToken[RecordFields.EVENT_ID] != JsonToken.VALUE_STRING) {
            return null;
        }
        return map(fields, shape, position, () -> text, hints);
    }

    /** {@link #map(JsonNode, String, Position, String, PathHints)} without raw text or path hints. */
    public static ReadItem map(JsonNode record, String shape, Position position) {
        return map(record, shape, position, null, PathHints.NONE);
    }

    /**
     * Maps one record bound as a tree. Its compact text is walked like a file's bytes, so its JSON columns are
     * what serialising each sub-tree gives.
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
        if (!record.isObject()) {
            return ParseProblem.of(position, "CloudTrail record is " + describe(record) + ", expected a JSON object",
                    rawText != null ? rawText : record.toString());
        }
        String compact = record.toString();
        byte[] bytes = compact.getBytes(StandardCharsets.UTF_8);
        RecordFields fields = RecordWalker.walk(bytes, 0, bytes.length, true);
        if (fields == null) {
            // A tree Jackson bound and printed always reads back; say so rather than lose the record silently.
            return ParseProblem.of(position, "CloudTrail record could not be read back from its tree",
                    rawText != null ? rawText : compact);
        }
        fields.compact = compact;
        return map(fields, shape, position, () -> rawText != null ? rawText : compact, hints);
    }

    /**
     * Maps one record read by {@link RecordWalker}.
     *
     * @param rawText the record's text, asked for only by a problem (or the dedupe key of a record without eventID
     *                when it did not come from a tree)
     */
    static ReadItem map(RecordFields record, String shape, Position position, Supplier<String> rawText,
            PathHints hints) {
        String typeError = typeError(record);
        if (typeError != null) {
            return ParseProblem.of(position, typeError, rawText.get());
        }
        Instant eventTime = record.eventTime;
        if (eventTime == null && record.eventTimeText != null) {
            return ParseProblem.of(position, "eventTime \"" + shorten(record.eventTimeText)
                    + "\" is not an ISO-8601 time such as 2025-11-04T09:15:30Z", rawText.get());
        }
        JsonNode exported = record.exported();
        List<String> anomalies = List.of();
        if (eventTime == null) {
            // Logstash's cloudtrail codec moves eventTime to @timestamp; Datadog gives its log time as timestamp.
            eventTime = exported == null ? null : ExportedFields.time(exported);
            if (eventTime == null) {
                anomalies = List.of(Anomalies.NO_TIME);
            }
        }

        String eventSource = record.string(RecordFields.EVENT_SOURCE);
        String eventName = record.string(RecordFields.EVENT_NAME);
        String sourceIpAddress = record.string(RecordFields.SOURCE_IP_ADDRESS);
        String userAgent = record.string(RecordFields.USER_AGENT);
        String exportedAccountId = null;
        if (exported != null) {
            eventName = orElse(eventName, ExportedFields.eventName(exported));
            sourceIpAddress = orElse(sourceIpAddress, ExportedFields.sourceIp(exported));
            userAgent = orElse(userAgent, ExportedFields.userAgent(exported));
            exportedAccountId = ExportedFields.accountId(exported);
        }
        String eventId = record.string(RecordFields.EVENT_ID);
        String awsRegion = record.string(RecordFields.AWS_REGION);
        String recipientAccountId = record.string(RecordFields.RECIPIENT_ACCOUNT_ID);
        String errorCode = emptyToNull(record.string(RecordFields.ERROR_CODE));
        String userType = record.userType;
        String userArn = emptyToNull(record.userArn);
        Object userAccountId = record.userAccountId;
        String accessKeyId = emptyToNull(record.accessKeyId);
        Object issuerArn = JsonValues.emptyCellToNull(record.issuerArn);
        boolean isIp = IpAddresses.isIpAddress(sourceIpAddress);

        Object[] row = TABLE.newRow();
        row[EVENT_TIME] = eventTime;
        row[EVENT_VERSION] = record.cell(RecordFields.EVENT_VERSION);
        row[EVENT_SOURCE] = eventSource;
        row[EVENT_NAME] = eventName;
        row[AWS_REGION] = awsRegion;
        row[SOURCE_IP_ADDRESS] = sourceIpAddress;
        row[SRC_IP] = isIp ? sourceIpAddress : null;
        row[SOURCE_HOST] = isIp ? null : sourceIpAddress;
        row[USER_AGENT] = userAgent;
        row[ERROR_CODE] = errorCode;
        row[ERROR_MESSAGE] = record.cell(RecordFields.ERROR_MESSAGE);
        row[REQUEST_ID] = record.cell(RecordFields.REQUEST_ID);
        row[EVENT_ID] = eventId;
        row[SHARED_EVENT_ID] = record.cell(RecordFields.SHARED_EVENT_ID);
        row[EVENT_TYPE] = record.string(RecordFields.EVENT_TYPE);
        row[EVENT_CATEGORY] = record.cell(RecordFields.EVENT_CATEGORY);
        row[READ_ONLY] = record.readOnly;
        row[MANAGEMENT_EVENT] = record.managementEvent;
        row[RECIPIENT_ACCOUNT_ID] = recipientAccountId;
        row[API_VERSION] = record.cell(RecordFields.API_VERSION);
        row[VPC_ENDPOINT_ID] = record.cell(RecordFields.VPC_ENDPOINT_ID);
        row[VPC_ENDPOINT_ACCOUNT_ID] = record.cell(RecordFields.VPC_ENDPOINT_ACCOUNT_ID);
        row[SESSION_CREDENTIAL_FROM_CONSOLE] = record.sessionCredentialFromConsole;
        row[TLS_VERSION] = record.tlsVersion;
        row[TLS_CIPHER_SUITE] = record.tlsCipherSuite;
        row[TLS_CLIENT_HOST] = record.tlsClientHost;
        row[USER_TYPE] = userType;
        row[USER_PRINCIPAL_ID] = record.principalId;
        row[USER_ARN] = userArn;
        row[USER_ACCOUNT_ID] = userAccountId;
        row[USER_ACCESS_KEY_ID] = accessKeyId;
        row[USER_NAME] = record.userName;
        row[USER_INVOKED_BY] = record.invokedBy;
        row[USER_IDENTITY_PROVIDER] = orElse(record.identityProvider, record.federatedProvider);
        row[SESSION_ISSUER_TYPE] = record.issuerType;
        row[SESSION_ISSUER_PRINCIPAL_ID] = record.issuerPrincipalId;
        row[SESSION_ISSUER_ARN] = issuerArn;
        row[SESSION_ISSUER_ACCOUNT_ID] = record.issuerAccountId;
        row[SESSION_ISSUER_USER_NAME] = record.issuerUserName;
        row[SESSION_MFA_AUTHENTICATED] = record.mfaAuthenticated;
        // A session attribute we cannot read is not worth losing the record for; user_identity keeps it.
        row[SESSION_CREATION_DATE] = record.creationDate == null ? null : CloudTrailTimes.eventTime(record.creationDate);
        row[SOURCE_IDENTITY] = orElse(record.sessionSourceIdentity, record.identitySourceIdentity);
        row[EC2_ROLE_DELIVERY] = record.ec2RoleDelivery;
        row[ON_BEHALF_OF_USER_ID] = record.onBehalfOfUserId;
        row[CREDENTIAL_ID] = record.credentialId;
        row[USER_IDENTITY] = record.json[RecordFields.USER_IDENTITY];
        row[REQUEST_PARAMETERS] = record.json[RecordFields.REQUEST_PARAMETERS];
        row[RESPONSE_ELEMENTS] = record.json[RecordFields.RESPONSE_ELEMENTS];
        row[ADDITIONAL_EVENT_DATA] = record.json[RecordFields.ADDITIONAL_EVENT_DATA];
        row[RESOURCES] = record.json[RecordFields.RESOURCES];
        row[SERVICE_EVENT_DETAILS] = record.json[RecordFields.SERVICE_EVENT_DETAILS];
        row[INSIGHT_DETAILS] = record.json[RecordFields.INSIGHT_DETAILS];
        row[OTHER] = record.other;
        row[INSIGHT_TYPE] = record.insightType;
        // An exporter's account attribute (Datadog's usr.account_id) outranks the path: it came with the record.
        row[PATH_ACCOUNT_ID] = orElse(exportedAccountId, hints.accountId());
        row[PATH_REGION] = hints.region();
        row[SHAPE] = shape;

        String accountId = recipientAccountId != null ? recipientAccountId
                : userAccountId != null ? userAccountId.toString()
                : orElse(exportedAccountId, hints.accountId());
        String principal = CloudTrailEventSummary.principal(record);
        if (principal == null && exported != null) {
            principal = ExportedFields.user(exported);
        }
        String action = eventName;
        String resource;
        Outcome outcome;
        String message;
        if (record.hasInsightDetails && eventName == null) {
            // Insights carry no caller: the action is the kind of insight, the target the API it watched.
            action = record.insightType;
            resource = CloudTrailEventSummary.insightTarget(record);
            outcome = Outcome.UNKNOWN;
            message = CloudTrailEventSummary.insightMessage(record);
        } else {
            resource = CloudTrailEventSummary.resource(record);
            outcome = CloudTrailEventSummary.outcome(errorCode, eventName, record);
            Outcome fromExport = errorCode == null && exported != null ? ExportedFields.outcome(exported) : null;
            if (fromExport == Outcome.FAILURE) {
                outcome = fromExport; // the pipeline saw an error whose code the export no longer carries
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
                .userAgent(userAgent)
                .resource(resource)
                .bytes(record.bytesTransferredOut)
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
                // compact form: the same record pretty or not
                : RecordKeys.hashed(SOURCE, record.compact != null ? record.compact : rawText.get());
        return new LogRecord(event, List.of(new TableRow(TABLE.name(), row)), dedupeKey, position, anomalies);
    }

    private static @Nullable String orElse(@Nullable String value, @Nullable String fallback) {
        return value != null ? value : fallback;
    }

    /** The first field whose type CloudTrail never writes, described; null when every checked field is fine. */
    private static @Nullable String typeError(RecordFields record) {
        JsonToken time = record.eventTimeToken;
        if (time != null && time != JsonToken.VALUE_NULL && time != JsonToken.VALUE_STRING) {
            return "eventTime is " + describeToken(time, record.eventTimeScalar)
                    + ", expected an ISO-8601 string such as 2025-11-04T09:15:30Z";
        }
        JsonToken identity = record.identityToken;
        if (identity != null && identity != JsonToken.VALUE_NULL) {
            return "userIdentity is " + describeToken(identity, record.identityScalar) + ", expected a JSON object";
        }
        for (int i = 0; i < RecordFields.TYPE_CHECKED; i++) {
            JsonToken value = record.scalarToken[i];
            if (value != null && value.isStructStart()) {
                return RecordFields.SCALAR_NAMES[i] + " is " + describeToken(value, null) + ", expected a string";
            }
        }
        return null;
    }

    /** {@link JsonValues#describe} of a value known by its first token and, for a scalar, its text. */
    private static String describeToken(JsonToken token, @Nullable String text) {
        return switch (token) {
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number (" + shorten(String.valueOf(text)) + ")";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean (" + text + ")";
            case START_ARRAY -> "an array";
            case START_OBJECT -> "an object";
            case VALUE_NULL -> "null";
            default -> "a " + token.name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
