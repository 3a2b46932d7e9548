package dev.cloudsift.formats.cloudtrail;

import static dev.cloudsift.formats.cloudtrail.JsonValues.emptyToNull;

import dev.cloudsift.core.Nullable;
import dev.cloudsift.core.Outcome;
import dev.cloudsift.core.Utf8Slice;

/**
 * Derives the common {@code events} columns that need judgement (who, what target, did it work, one readable line)
 * from a CloudTrail record's fields.
 */
final class CloudTrailEventSummary {
    /**
     * Request parameters that name the target of a call, most specific first. Used when {@code resources} is empty,
     * which is the case for most management events.
     */
    static final String[] RESOURCE_PARAMETERS = {
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
    static @Nullable String principal(RecordFields record) {
        String arn = emptyToNull(record.userArn);
        if (arn != null) {
            return arn;
        }
        String issuerArn = emptyToNull(Utf8Slice.text(record.issuerArn));
        if (issuerArn != null) {
            return issuerArn;
        }
        if (!record.hasIdentity) {
            return null;
        }
        if ("AWSService".equals(record.userType) && record.invokedBy != null) {
            return Utf8Slice.text(record.invokedBy);
        }
        if ("AWSAccount".equals(record.userType) && record.userAccountId != null) {
            return Utf8Slice.text(record.userAccountId);
        }
        if (record.onBehalfOfUserId != null) {
            return record.onBehalfOfUserId;
        }
        // Both are cells, read as text only here, for the few callers with nothing better to name them by.
        String userName = emptyToNull(Utf8Slice.text(record.userName));
        if (userName != null) {
            return userName;
        }
        String principalId = emptyToNull(Utf8Slice.text(record.principalId));
        if (principalId != null) {
            return principalId;
        }
        return Utf8Slice.text(record.invokedBy);
    }

    /**
     * Failure when errorCode is set, or when the action answers inside its own result: sign-in events write
     * {@code responseElements.ConsoleLogin = "Failure"} (also SwitchRole, CheckMfa, ...), Identity Center writes
     * {@code serviceEventDetails.CredentialVerification = "Failure"}.
     */
    static Outcome outcome(@Nullable String errorCode, @Nullable String eventName, RecordFields record) {
        if (errorCode != null) {
            return Outcome.FAILURE;
        }
        if (eventName != null) {
            String answer = record.responseValues != null ? record.responseValues.get(eventName) : record.responseAnswer;
            if (answer == null) {
                answer = record.serviceValues != null ? record.serviceValues.get(eventName) : record.serviceAnswer;
            }
            if (answer != null && answer.equalsIgnoreCase("Failure")) {
                return Outcome.FAILURE;
            }
        }
        return Outcome.SUCCESS;
    }

    /**
     * The target: the first ARN in {@code resources}, else the first resource name there (event history summaries
     * name resources without an ARN), else the request parameter that names it. Used when {@code resources} is
     * empty, which is the case for most management events.
     */
    static @Nullable String resource(RecordFields record) {
        if (record.resourcesArray) {
            if (record.firstArn != null) {
                return record.firstArn;
            }
            if (record.firstResourceName != null) {
                return record.firstResourceName;
            }
        }
        if (!record.requestParametersObject) {
            return null;
        }
        String[] parameters = record.parameters;
        String bucket = emptyToNull(parameters[RecordFields.PARAMETER_INDEX.get("bucketName")]);
        if (bucket != null) {
            String key = emptyToNull(parameters[0]);
            return key == null ? bucket : bucket + "/" + key;
        }
        for (int i = 1; i < parameters.length; i++) {
            String value = emptyToNull(parameters[i]);
            if (value != null) {
                return value;
            }
        }
        // EC2 lists the instances a call acts on: {"instancesSet":{"items":[{"instanceId":"i-..."}]}}.
        return emptyToNull(record.firstInstanceId);
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

    /** For an Insights record: the API it watched, {@code eventSource eventName}. */
    static @Nullable String insightTarget(RecordFields record) {
        return JsonValues.join(record.insightEventSource, record.insightEventName);
    }

    static String insightMessage(RecordFields record) {
        return "CloudTrail Insight " + nullToDash(record.insightType) + " " + nullToDash(record.insightState) + " on "
                + nullToDash(insightTarget(record));
    }

    private static String nullToDash(@Nullable String text) {
        return text == null ? "-" : text;
    }
}
