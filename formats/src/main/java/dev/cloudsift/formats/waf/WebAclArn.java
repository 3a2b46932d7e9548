package dev.cloudsift.formats.waf;

import dev.cloudsift.core.Nullable;
import java.util.Objects;

/** The parts of a web ACL ARN, {@code arn:PARTITION:wafv2:REGION:ACCOUNT:regional|global/webacl/NAME/ID}. */
record WebAclArn(String region, String accountId, String scope, String name, String id) {
    WebAclArn {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(id, "id");
    }

    /** The parts, or null when {@code arn} is not a WAFv2 web ACL ARN (WAF Classic logs a bare id). */
    static @Nullable WebAclArn parse(@Nullable String arn) {
        if (arn == null || !arn.startsWith("arn:")) {
            return null;
        }
        String[] parts = arn.split(":", 6);
        if (parts.length != 6 || !parts[2].startsWith("waf")) {
            return null;
        }
        String[] resource = parts[5].split("/", -1);
        if (resource.length != 4 || !resource[1].equals("webacl")) {
            return null;
        }
        return new WebAclArn(parts[3], parts[4], resource[0], resource[2], resource[3]);
    }
}
