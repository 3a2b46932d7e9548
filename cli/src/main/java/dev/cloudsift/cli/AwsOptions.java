package dev.cloudsift.cli;

import dev.cloudsift.acquire.AwsAccess;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.ec2.Ec2Client;

/** The options that say which AWS account and regions a live command talks to. */
public final class AwsOptions {
    @Option(names = "--profile", paramLabel = "NAME", description = "Profile of ~/.aws/config (default: the default credential chain).")
    String profile;

    @Option(names = "--region", paramLabel = "REGION", description = "Region to look at; repeat for several (default: $AWS_REGION or us-east-1).")
    List<String> regions = new ArrayList<>();

    @Option(names = "--all-regions", description = "Every region enabled in the account (ec2:DescribeRegions).")
    boolean allRegions;

    @Option(names = "--endpoint-url", paramLabel = "URL", hidden = true,
            description = "Send every call to this endpoint (S3-compatible servers, VPC endpoints, tests).")
    URI endpoint;

    AwsAccess access() {
        return AwsAccess.of(profile, endpoint);
    }

    List<String> regions(AwsAccess access) {
        String home = regions.isEmpty() ? homeRegion() : regions.get(0);
        if (!allRegions) {
            return regions.isEmpty() ? List.of(home) : List.copyOf(regions);
        }
        try (Ec2Client ec2 = access.ec2(home)) {
            return ec2.describeRegions().regions().stream().map(region -> region.regionName()).sorted().toList();
        }
    }

    private static String homeRegion() {
        String region = System.getenv("AWS_REGION");
        if (region == null || region.isBlank()) {
            region = System.getenv("AWS_DEFAULT_REGION");
        }
        return region == null || region.isBlank() ? "us-east-1" : region;
    }
}
