package dev.cloudsift.acquire;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** What {@code cloudsift acquire} should fetch. */
public record AcquireRequest(Path output, Instant from, Instant to, List<String> regions, List<S3Location> s3Locations,
                             boolean discoverS3, boolean lookupEvents, List<String> logGroups,
                             List<ApiAcquisition.MetricRequest> metrics, List<String> configResources, int threads,
                             boolean dryRun, int maxDownloads) {
    public AcquireRequest {
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("--from must be before --to");
        }
        if (regions.isEmpty()) {
            throw new IllegalArgumentException("no region");
        }
        regions = List.copyOf(regions);
        s3Locations = List.copyOf(s3Locations);
        logGroups = List.copyOf(logGroups);
        metrics = List.copyOf(metrics);
        configResources = List.copyOf(configResources);
    }
}
