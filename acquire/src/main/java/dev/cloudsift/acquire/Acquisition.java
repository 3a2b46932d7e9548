package dev.cloudsift.acquire;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cloudsift.acquire.audit.Discovery;
import dev.cloudsift.acquire.audit.LiveFacts;
import dev.cloudsift.core.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/** Runs an acquisition: S3 prefixes, then the APIs, then the manifest summary. Reports progress in words. */
public final class Acquisition {
    /** How it went: failures are calls or files that could not be fetched (the rest was). */
    public record Outcome(int files, long bytes, List<String> failures, boolean stoppedEarly) {
        public Outcome {
            failures = List.copyOf(failures);
        }
    }

    private final AwsAccess access;
    private final Backoff.Sleeper sleeper;

    public Acquisition(AwsAccess access, Backoff.Sleeper sleeper) {
        this.access = Objects.requireNonNull(access, "access");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    public Outcome run(AcquireRequest request, PrintWriter out) throws IOException, InterruptedException {
        Instant started = Instant.now();
        Manifest manifest = Manifest.open(request.output());
        List<String> failures = new ArrayList<>();
        LinkedHashSet<S3Location> locations = new LinkedHashSet<>(request.s3Locations());
        if (request.discoverS3()) {
            LiveFacts live = new LiveFacts(access, Backoff.standard());
            List<S3Location> discovered = Discovery.locations(live.gather(request.regions()));
            out.println("Discovered " + discovered.size() + " log prefixes: " + discovered);
            locations.addAll(discovered);
            live.warnings().forEach(warning -> out.println("  warning: " + warning));
        }
        boolean stoppedEarly = false;
        if (!locations.isEmpty()) {
            try (S3Client s3 = access.s3(request.regions().get(0))) {
                S3Acquisition.Result result = new S3Acquisition(s3, manifest, request.from(), request.to(), request.threads(),
                        request.maxDownloads()).run(List.copyOf(locations), request.dryRun());
                if (request.dryRun()) {
                    long bytes = result.planned().stream().mapToLong(object -> object.size() == null ? 0 : object.size()).sum();
                    out.println("Would fetch " + result.planned().size() + " objects, " + bytes + " bytes (" + result.alreadyPresent()
                            + " already here, " + result.outOfWindow() + " outside the window):");
                    result.planned().forEach(object -> out.println("  " + object.size() + "\t" + object.key()));
                } else {
                    out.println("S3: " + result.fetched() + " fetched (" + result.fetchedBytes() + " bytes), " + result.alreadyPresent()
                            + " already here and verified, " + result.outOfWindow() + " outside the window, of " + result.listed() + " listed");
                }
                failures.addAll(result.failures());
                stoppedEarly = result.stoppedEarly();
            } catch (SdkException e) {
                failures.add("S3 listing: " + e.getMessage());
            }
        }
        ApiAcquisition api = new ApiAcquisition(access, manifest, request.from(), request.to(), sleeper);
        for (String region : request.regions()) {
            if (request.dryRun()) {
                if (request.lookupEvents()) {
                    out.println("Would call LookupEvents in " + region + " for " + request.from() + " to " + request.to()
                            + " (size known only once fetched)");
                }
                request.logGroups().forEach(group -> out.println("Would call FilterLogEvents on " + group + " in " + region));
                if (!request.metrics().isEmpty()) {
                    out.println("Would call GetMetricData for " + request.metrics() + " in " + region);
                }
                request.configResources().forEach(resource -> out.println("Would call GetResourceConfigHistory for " + resource + " in " + region));
                continue;
            }
            if (request.lookupEvents()) {
                attempt(failures, out, "LookupEvents " + region, () -> api.lookupEvents(region) + " events");
            }
            for (String group : request.logGroups()) {
                attempt(failures, out, "FilterLogEvents " + group + " " + region, () -> api.logEvents(region, group) + " events");
            }
            if (!request.metrics().isEmpty()) {
                attempt(failures, out, "GetMetricData " + region, () -> api.metrics(region, request.metrics()) + " datapoints");
            }
            for (String resource : request.configResources()) {
                attempt(failures, out, "GetResourceConfigHistory " + resource + " " + region,
                        () -> api.configHistory(region, resource) + " configuration items");
            }
        }
        if (request.dryRun() || stoppedEarly) {
            manifest.close();
        } else {
            ObjectNode summary = Json.MAPPER.createObjectNode();
            summary.put("tool", "cloudsift acquire");
            summary.put("window_from", request.from().toString());
            summary.put("window_to", request.to().toString());
            summary.putPOJO("regions", request.regions());
            summary.putPOJO("s3_locations", locations.stream().map(S3Location::toString).toList());
            summary.put("started_at", started.toString());
            // Who fetched: the identity's account and ARN (never its keys) belong in the chain of custody.
            try (StsClient sts = access.sts(request.regions().get(0))) {
                GetCallerIdentityResponse identity = sts.getCallerIdentity();
                summary.put("caller_account", identity.account());
                summary.put("caller_arn", identity.arn());
            } catch (SdkException e) {
                summary.put("caller_arn", "unknown: " + e.getMessage());
            }
            summary.put("finished_at", Instant.now().toString());
            summary.putPOJO("failures", failures);
            manifest.finish(summary);
        }
        List<Manifest.Entry> entries = manifest.entries();
        return new Outcome(entries.size(), entries.stream().mapToLong(Manifest.Entry::size).sum(), failures, stoppedEarly);
    }

    private interface Step {
        String run() throws IOException;
    }

    private static void attempt(List<String> failures, PrintWriter out, String what, Step step) {
        try {
            out.println(what + ": " + step.run());
        } catch (IOException | SdkException e) {
            failures.add(what + ": " + e.getMessage());
            out.println(what + ": FAILED " + e.getMessage());
        }
    }
}
