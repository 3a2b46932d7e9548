package dev.cloudsift.formats.cloudtrail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Restores CloudTrail's field names in records whose keys were lower-cased on the way (Athena {@code UNLOAD} to JSON,
 * Glue/Hive tables, some SIEM exports): {@code eventtime} becomes {@code eventTime}, {@code useridentity.arn} stays
 * where the mapper looks for it. Athena also renders the nested JSON columns as strings; those are parsed back.
 * Only names CloudTrail itself uses are renamed, and never over a field that already has its proper name.
 */
final class LowerCaseKeys {
    private static final Map<String, String> TOP = names("eventVersion", "userIdentity", "eventTime", "eventSource",
            "eventName", "awsRegion", "sourceIPAddress", "userAgent", "errorCode", "errorMessage", "requestParameters",
            "responseElements", "additionalEventData", "requestID", "eventID", "readOnly", "resources", "eventType",
            "apiVersion", "managementEvent", "recipientAccountId", "sharedEventID", "vpcEndpointId",
            "vpcEndpointAccountId", "serviceEventDetails", "eventCategory", "tlsDetails", "sessionCredentialFromConsole",
            "insightDetails", "edgeDeviceDetails", "addendum", "eventContext");
    private static final Map<String, String> IDENTITY = names("type", "principalId", "arn", "accountId", "accessKeyId",
            "userName", "invokedBy", "identityProvider", "sessionContext", "onBehalfOf", "credentialId");
    private static final Map<String, String> SESSION = names("sessionIssuer", "attributes", "webIdFederationData",
            "sourceIdentity", "ec2RoleDelivery");
    private static final Map<String, String> ISSUER = names("type", "principalId", "arn", "accountId", "userName");
    private static final Map<String, String> ATTRIBUTES = names("creationDate", "mfaAuthenticated");
    private static final Map<String, String> TLS = names("tlsVersion", "cipherSuite", "clientProvidedHostHeader");
    private static final Map<String, String> ON_BEHALF_OF = names("userId", "identityStoreArn");
    private static final String[] JSON_TEXT_FIELDS = {
        "requestParameters", "responseElements", "additionalEventData", "serviceEventDetails", "userIdentity",
        "resources", "tlsDetails",
    };

    private LowerCaseKeys() {}

    /** Whether the record misses CloudTrail's names but has them in lower case. Real trail records never do. */
    static boolean applies(JsonNode record) {
        return !record.has("eventName") && !record.has("eventTime")
                && (record.has("eventname") || record.has("eventtime") || record.has("eventsource"));
    }

    /** Renames in place (the caller owns the tree) and returns the record. */
    static ObjectNode restore(ObjectNode record) {
        rename(record, TOP);
        for (String field : JSON_TEXT_FIELDS) {
            JsonNode value = record.get(field);
            if (value != null && value.isTextual()) {
                JsonNode parsed = HistoryCsvColumns.parseJson(value.textValue());
                if (parsed != null) {
                    record.set(field, parsed);
                }
            }
        }
        if (record.get("userIdentity") instanceof ObjectNode identity) {
            rename(identity, IDENTITY);
            if (identity.get("sessionContext") instanceof ObjectNode session) {
                rename(session, SESSION);
                if (session.get("sessionIssuer") instanceof ObjectNode issuer) {
                    rename(issuer, ISSUER);
                }
                if (session.get("attributes") instanceof ObjectNode attributes) {
                    rename(attributes, ATTRIBUTES);
                }
            }
            if (identity.get("onBehalfOf") instanceof ObjectNode onBehalfOf) {
                rename(onBehalfOf, ON_BEHALF_OF);
            }
        }
        if (record.get("tlsDetails") instanceof ObjectNode tls) {
            rename(tls, TLS);
        }
        return record;
    }

    private static void rename(ObjectNode node, Map<String, String> names) {
        List<String> lowerCase = new ArrayList<>();
        node.fieldNames().forEachRemaining(name -> {
            String proper = names.get(name);
            if (proper != null && !proper.equals(name) && !node.has(proper)) {
                lowerCase.add(name);
            }
        });
        for (String name : lowerCase) {
            node.set(names.get(name), node.remove(name));
        }
    }

    private static Map<String, String> names(String... proper) {
        Map<String, String> byLowerCase = new HashMap<>();
        for (String name : proper) {
            byLowerCase.put(name.toLowerCase(Locale.ROOT), name);
        }
        return Map.copyOf(byLowerCase);
    }
}
