package dev.cloudsift.detect.pack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudsift.detect.RuleLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repository's example incident (examples/acme-incident: a leaked CI key, recon, persistence, collection,
 * exposure, tracks covered, over a day of ordinary developer activity) hunted with the whole pack: every step of the
 * story is found, and the ordinary activity raises nothing.
 */
class ExampleIncidentTest {
    @TempDir
    Path folder;

    @Test
    void packFindsEveryStepOfTheExampleIncidentAndNothingInTheBackground() throws Exception {
        Path root = Path.of(System.getProperty("cloudsift.root", "..")).toAbsolutePath().normalize();
        List<CaseHunt.Finding> findings = CaseHunt.run(folder, List.of(root.resolve("examples/acme-incident")),
                RuleLoader.builtIn());
        Map<String, String> titleById = BuiltInPack.rules().stream()
                .collect(Collectors.toMap(PackRule::id, rule -> rule.service() + "/" + rule.shortName()));
        Set<String> raised = findings.stream().map(finding -> titleById.get(finding.ruleId())).collect(Collectors.toSet());

        assertThat(raised).contains(
                "cloudtrail/console_login_failures_burst",       // 08:41 password spray from one address
                "cloudtrail/discovery_across_regions",           // 09:05 DescribeInstances in 15 regions
                "cloudtrail/iam_user_created",                   // 09:11 support-svc
                "cloudtrail/iam_admin_policy_attached",
                "cloudtrail/iam_access_key_for_other_user",
                "cloudtrail/iam_login_profile_created",
                "cloudtrail/console_login_without_mfa",          // 09:14 the new user signs in
                "cloudtrail/sts_long_session",                   // 09:20 twelve-hour role session
                "cloudtrail/s3_bulk_object_reads",               // 09:21 sixty payroll exports
                "cloudtrail/secrets_bulk_read",                  // 09:31 five production secrets
                "cloudtrail/ebs_snapshot_shared",                // 09:34 snapshot to 999988887777
                "cloudtrail/security_group_open_admin_port",     // 09:35 SSH to the world
                "cloudtrail/ec2_unusual_instance_type",          // 09:37 c5.24xlarge
                "cloudtrail/vpc_flow_logs_deleted",              // 09:41 covering tracks
                "cloudtrail/config_recorder_stopped",
                "cloudtrail/cloudtrail_logging_stopped");
        assertThat(findings).as("findings about the developers' and the web instance's ordinary activity")
                .noneMatch(finding -> finding.principal() != null && (finding.principal().contains("alice")
                        || finding.principal().contains("bob") || finding.principal().contains("web-app")));
    }
}
