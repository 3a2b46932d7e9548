package dev.cloudsift.cli;

import dev.cloudsift.core.Timestamps;
import dev.cloudsift.investigate.GeoIp;
import dev.cloudsift.investigate.TimeDisplay;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.Option;

/** {@code --timezone ZONE}, shared by the commands that show times to people. */
public final class DisplayOptions {
    @Option(names = "--timezone", paramLabel = "ZONE", defaultValue = "UTC",
            description = "Show times in this zone: an IANA name (Europe/Berlin), UTC, or an offset (+05:30). Exports stay UTC."
                    + " Default: ${DEFAULT-VALUE}.")
    String timezone;

    @Option(names = "--geoip", paramLabel = "FILE",
            description = "MaxMind database (.mmdb, GeoLite2/GeoIP2 Country, City or ASN; repeatable): IPs get country and AS.")
    java.util.List<java.nio.file.Path> geoipFiles = new java.util.ArrayList<>();

    /** The GeoIP databases given, or {@link GeoIp#NONE}; a file that is no database is a usage error. */
    public GeoIp geo() {
        try {
            return GeoIp.open(geoipFiles);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** The zone, or a usage error (exit 2) naming the bad value; never a silent fallback to UTC. */
    public TimeDisplay time() {
        try {
            return TimeDisplay.parse(timezone);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** Parses a time the analyst typed (ISO-8601, date and time without zone = UTC, epoch seconds or milliseconds). */
    static Instant parseTime(String option, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Timestamps.parseFlexible(value);
        } catch (DateTimeParseException e) {
            throw new UsageException(option + " '" + value + "' is not a time; use ISO-8601 such as 2025-11-04T09:00:00Z");
        }
    }
}
