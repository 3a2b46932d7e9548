package dev.cloudsift.investigate.chains;

import dev.cloudsift.core.Nullable;
import dev.cloudsift.investigate.Counted;
import java.time.Instant;
import java.util.List;

/**
 * What one access key did in CloudTrail.
 *
 * @param instanceId the EC2 instance whose profile this session belongs to (role session name = instance id), or null
 * @param roleDelivery {@code ec2RoleDelivery} (1.0 = IMDSv1, 2.0 = IMDSv2) for instance credentials, or null
 */
public record KeyActivity(String accessKeyId, @Nullable String principal, @Nullable String accountId, long calls,
        @Nullable Instant first, @Nullable Instant last, List<Counted> topActions, List<Counted> sourceIps,
        @Nullable String instanceId, @Nullable String roleDelivery) {
    public KeyActivity {
        topActions = List.copyOf(topActions);
        sourceIps = List.copyOf(sourceIps);
    }
}
