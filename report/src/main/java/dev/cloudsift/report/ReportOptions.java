package dev.cloudsift.report;

import dev.cloudsift.investigate.GeoIp;
import dev.cloudsift.investigate.TimeDisplay;
import java.security.PublicKey;
import java.util.List;
import java.util.Objects;

/**
 * How to write the report.
 *
 * @param time     the zone times are shown in
 * @param version  the Cloudsift version for the manifest
 * @param rules    the rules the hunt used with their load status; empty when the caller has none to tell
 * @param keys     CloudTrail public keys for digest signatures, may be empty
 * @param geo      GeoIP databases for IP country and AS, {@link GeoIp#NONE} without
 */
public record ReportOptions(TimeDisplay time, String version, List<RuleStatus> rules, List<PublicKey> keys, GeoIp geo) {
    public ReportOptions {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(version, "version");
        rules = List.copyOf(rules);
        keys = List.copyOf(keys);
        Objects.requireNonNull(geo, "geo");
    }
}
