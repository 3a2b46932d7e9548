package dev.cloudsift.acquire.audit;

import dev.cloudsift.acquire.S3Location;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Where an account's logs land in S3, read from the audit facts: trail buckets, flow log, access log and WAF destinations. */
public final class Discovery {
    private Discovery() {}

    public static List<S3Location> locations(Facts.Account account) {
        Set<S3Location> found = new LinkedHashSet<>();
        for (Facts.Region region : account.regions()) {
            if (region.trails() != null) {
                for (Facts.Trail trail : region.trails()) {
                    if (trail.s3Bucket() != null) {
                        found.add(new S3Location(trail.s3Bucket(), prefix(trail.s3KeyPrefix()) + "AWSLogs/"));
                    }
                }
            }
            if (region.flowLogs() != null) {
                for (Facts.FlowLog flowLog : region.flowLogs()) {
                    S3Location location = fromArn(flowLog.destination());
                    if (location != null) {
                        found.add(new S3Location(location.bucket(), prefix(location.prefix()) + "AWSLogs/"));
                    }
                }
            }
            if (region.deliveryChannels() != null) {
                for (Facts.DeliveryChannel channel : region.deliveryChannels()) {
                    if (channel.s3Bucket() != null) {
                        found.add(new S3Location(channel.s3Bucket(), ""));
                    }
                }
            }
            if (region.webAcls() != null) {
                for (Facts.WebAcl acl : region.webAcls()) {
                    for (String destination : acl.logDestinations()) {
                        S3Location location = fromArn(destination);
                        if (location != null) {
                            found.add(location);
                        }
                    }
                }
            }
        }
        if (account.buckets() != null) {
            for (Facts.Bucket bucket : account.buckets()) {
                if (bucket.targetBucket() != null) {
                    found.add(new S3Location(bucket.targetBucket(), bucket.targetPrefix() == null ? "" : bucket.targetPrefix()));
                }
            }
        }
        return List.copyOf(found);
    }

    private static String prefix(String prefix) {
        return prefix == null || prefix.isEmpty() ? "" : prefix.endsWith("/") ? prefix : prefix + "/";
    }

    /** arn:aws:s3:::bucket/prefix as a location; other destinations (CloudWatch Logs, Firehose) are not in S3. */
    static S3Location fromArn(String arn) {
        if (arn == null || !arn.startsWith("arn:aws:s3:::") && !arn.startsWith("arn:aws-us-gov:s3:::") && !arn.startsWith("arn:aws-cn:s3:::")) {
            return null;
        }
        String rest = arn.substring(arn.indexOf(":::") + 3);
        int slash = rest.indexOf('/');
        return slash < 0 ? new S3Location(rest, "") : new S3Location(rest.substring(0, slash), rest.substring(slash + 1));
    }
}
