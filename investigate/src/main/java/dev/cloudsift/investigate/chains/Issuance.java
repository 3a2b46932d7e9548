package dev.cloudsift.investigate.chains;

import dev.cloudsift.core.Nullable;
import java.time.Instant;

/**
 * One call that issued temporary credentials (AssumeRole*, GetSessionToken, GetFederationToken).
 *
 * @param callerKey      the key that made the call (null for services, SAML and web identity callers)
 * @param caller         who made it (ARN, or the service / identity provider)
 * @param issuedKey      {@code responseElements.credentials.accessKeyId}
 * @param roleArn        the role assumed, null for session and federation tokens
 * @param callerAccount  the account the call was made from
 * @param targetAccount  the account of the role (differs from the caller's on a cross-account hop)
 */
public record Issuance(Instant time, String eventName, @Nullable String callerKey, @Nullable String caller,
        String issuedKey, @Nullable String roleArn, @Nullable String sessionName, @Nullable String sourceIp,
        @Nullable String callerAccount, @Nullable String targetAccount) {
    public boolean crossAccount() {
        return callerAccount != null && targetAccount != null && !callerAccount.equals(targetAccount);
    }
}
