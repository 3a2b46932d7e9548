package dev.cloudsift.formats.cloudtrail;

import static dev.cloudsift.formats.cloudtrail.JsonValues.emptyToNull;
import static dev.cloudsift.formats.cloudtrail.JsonValues.string;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cloudsift.core.Json;
import dev.cloudsift.core.Nullable;
import dev.cloudsift.core.Outcome;

/**
 * Derives the common {@code events} columns that need judgement (who, what target, did it work, one readable line)
 * from a CloudTrail record's fields.
 */
final class CloudTrailEventSummary {
    /**
     * Request parameters that name the target of a call, most specific first. Used when {@code resources} is empty,
     * which is the case for most management events.
     */
    private static final String[] RESOURCE_PARAMETERS = {
        "roleArn", "policyArn", "userName", "roleName", "groupName", "instanceId", "functionName", "secretId",
        "keyId", "snapshotId", "imageId", "dBInstanceIdentifier", "dBSnapshotIdentifier", "trailName", "name",
        "logGroupName", "detectorId", "clusterName", "target", "resourceArn", "resourceId", "groupId",
        "accountId", "bucketName",
    };

    private CloudTrailEventSummary() {}

    /**
     * Who acted: the caller's ARN; else the role behind the session; else the service ({@code AWSService}), the
     * other account ({@code AWSAccount}), the Identity Center user id; else a user name or principal id.
     */
    static @Nullable String principal(@Nullable JsonNode identity, @Nullable String type,
            @Nullable String arn, @Nullable String issuerArn, @Nullable String accountId,
            @Nullable String onBehalfOfUserId) {
        if (arn != null) {
            return arn;
        }
        if (issuerArn != null) {
            return issuerArn;
        }
        if (identity == null) {
            return null;
        }
        if ("AWSService".equals(type)) {
            String invokedBy = string(identity, "invokedBy");
            if (invokedBy != null) {
                return invokedBy;
            }
        }
        if ("AWSAccount".equals(type) && accountId != null) {
            return accountId;
        }
        if (onBehalfOfUserId != null) {
            return onBehalfOfUserId;
        }
        String userName = emptyToNull(string(identity, "userName"));
        if (userName != null) {
            return userName;
        }
        String principalId = emptyToNull(string(identity, "principalId"));
        if (principalId != null) {
            return principalId;
        }
        return string(identity, "invokedBy");
    }

    /**
     * Failure when errorCode is set, or when the action answers inside its own result: sign-in events write
     * {@code responseElements.ConsoleLogin = "Failure"} (also SwitchRole, CheckMfa, ...), Identity Center writes
     * {@code serviceEventDetails.CredentialVerification = "Failure"}.
     */
    static Outcome outcome(@Nullable String errorCode, @Nullable String eventName,
            @Nullable JsonNode responseElements, @Nullable JsonNode serviceEventDetails) {
        if (errorCode != null) {
            return Outcome.FAILURE;
        }
        if (eventName != null) {
            String answer = string(responseElements, eventName);
            if (answer == null) {
                answer = string(serviceEventDetails, eventName);
            }
            if (answer != null && answer.equalsIgnoreCase("Failure")) {
                return Outcome.FAILURE;
            }
        }
        return Outcome.SUCCESS;
    }

    static @Nullable String resource(@Nullable JsonNode resources, @Nullable JsonNode requestParameters) {
        if (resources != null && resources.isArray()) {
            for (JsonNode item : resources) {
                String arn = emptyToNull(string(item, "ARN"));
                if (arn == null) {
                    arn = emptyToNull(string(item, "arn"));
                }
                if (arn != null) {
                    return arn;
                }
            }
            // Event history summaries name resources without an ARN.
            for (JsonNode item : resources) {
                String name = emptyToNull(string(item, "resourceName"));
                if (name != null) {
                    return name;
                }
            }
        }
        if (requestParameters == null || !requestParameters.isObject()) {
            return null;
        }
        String bucket = emptyToNull(string(requestParameters, "bucketName"));
        if (bucket != null) {
            String key = emptyToNull(string(requestParameters, "key"));
            return key == null ? bucket : bucket + "/" + key;
        }
        for (String name : RESOURCE_PARAMETERS) {
            String value = emptyToNull(string(requestParameters, name));
            if (value != null) {
                return value;
            }
        }
        // EC2 lists the instances a call acts on: {"instancesSet":{"items":[{"instanceId":"i-..."}]}}.
        JsonNode items = Json.path(requestParameters, "instancesSet", "items");
        if (items != null && items.isArray() && !items.isEmpty()) {
            return emptyToNull(string(items.get(0), "instanceId"));
        }
        return null;
    }

    static String message(@Nullable String eventSource, @Nullable String eventName,
            @Nullable String principal, @Nullable String sourceIpAddress, Outcome outcome,
            @Nullable String errorCode) {
        StringBuilder text = new StringBuilder(128);
        if (eventSource != null) {
            text.append(eventSource).append(' ');
        }
        text.append(nullToDash(eventName));
        if (principal != null) {
            text.append(" by ").append(principal);
        }
        if (sourceIpAddress != null) {
            text.append(" from ").append(sourceIpAddress);
        }
        if (outcome == Outcome.FAILURE) {
            text.append(" failed");
            if (errorCode != null) {
                text.append(": ").append(errorCode);
            }
        }
        return text.toString();
    }

    static @Nullable Long bytes(@Nullable JsonNode additionalEventData) {
        JsonNode out = additionalEventData == null ? null : additionalEventData.get("bytesTransferredOut");
        if (out == null) {
            return null;
        }
        if (out.isNumber()) {
            return out.asLong();
        }
        if (out.isTextual()) {
            String text = out.asText();
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c < '0' || c > '9') {
                    return null;
                }
            }
            return text.isEmpty() || text.length() > 18 ? null : Long.parseLong(text);
        }
        return null;
    }

    /** For an Insights record: the API it watched, {@code eventSource eventName}. */
    static @Nullable String insightTarget(JsonNode insightDetails) {
        return JsonValues.join(string(insightDetails, "eventSource"), string(insightDetails, "eventName"));
    }

    static String insightMessage(JsonNode insightDetails) {
        return "CloudTrail Insight " + nullToDash(string(insightDetails, "insightType")) + " "
                + nullToDash(string(insightDetails, "state")) + " on " + nullToDash(insightTarget(insightDetails));
    }

    private static String nullToDash(@Nullable String text) {
        return text == null ? "-" : text;
    }
}
