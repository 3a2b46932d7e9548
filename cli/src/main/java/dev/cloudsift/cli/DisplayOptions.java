package dev.cloudsift.cli;

import dev.cloudsift.core.Timestamps;
import dev.cloudsift.investigate.GeoIp;
import dev.cloudsift.investigate.TimeDisplay;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/** {@code --timezone ZONE}, shared by the commands that show times to people. */
public final class DisplayOptions {
    @Option(names = "--timezone", paramLabel = "ZONE", defaultValue = "UTC",
            description = "Show times in this zone: an IANA name (Europe/Berlin), UTC, or an offset (+05:30). Exports stay UTC."
                    + " Default: ${DEFAULT-VALUE}.")
    String timezone;

    @Option(names = "--geoip", paramLabel = "FILE",
            description = "MaxMind database (.mmdb, GeoLite2/GeoIP2 Country, City or ASN; repeatable): IPs get country and AS"
                    + " where the case's geoip table (ingest --geoip, enrich) does not say.")
    java.util.List<java.nio.file.Path> geoipFiles = new java.util.ArrayList<>();

    @Option(names = "--asn", paramLabel = "FILE", description = "MaxMind ASN database (.mmdb, e.g. GeoLite2-ASN.mmdb).")
    java.util.List<java.nio.file.Path> asnFiles = new java.util.ArrayList<>();

    /** Every GeoIP and ASN database file given. */
    java.util.List<java.nio.file.Path> geoipDatabaseFiles() {
        java.util.List<java.nio.file.Path> files = new java.util.ArrayList<>(geoipFiles);
        files.addAll(asnFiles);
        return files;
    }

    /** The GeoIP databases given, or {@link GeoIp#NONE}; a file that is no database is a usage error. */
    public GeoIp geo() {
        try {
            return GeoIp.open(geoipDatabaseFiles());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** The case's geoip table first, then the databases given (the store must outlive the result). */
    public GeoIp geo(dev.cloudsift.store.CaseStore store) {
        return geo().withCase(store.connection());
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
        return parseTime(option, value, false);
    }

    /**
     * Parses a time the analyst typed; a date alone (2025-11-04) is the start of that day in UTC, or with
     * {@code endOfDay} the start of the next day (the exclusive end of that day).
     */
    static Instant parseTime(String option, String value, boolean endOfDay) {
        if (value == null) {
            return null;
        }
        try {
            LocalDate date = LocalDate.parse(value.strip());
            return (endOfDay ? date.plusDays(1) : date).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException notADate) {
            // a full time, an epoch number, or nothing valid: parsed below
        }
        try {
            return Timestamps.parseFlexible(value);
        } catch (DateTimeParseException e) {
            throw new UsageException(option + " '" + value + "' is not a time; use a date (2025-11-04) or ISO-8601 such as "
                    + "2025-11-04T09:00:00Z");
        }
    }

    /** Parses a span such as {@code 90m}, {@code 2h} or {@code 3d}. */
    static Duration parseSpan(String option, String value) {
        Matcher matcher = SPAN.matcher(value.strip().toLowerCase(java.util.Locale.ROOT));
        if (!matcher.matches()) {
            throw new UsageException(option + " '" + value + "' is not a span; use a number with m, h or d (30m, 2h, 7d)");
        }
        long amount = Long.parseLong(matcher.group(1));
        Duration span = switch (matcher.group(2)) {
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
        if (span.isZero()) {
            throw new UsageException(option + " must be more than zero");
        }
        return span;
    }

    private static final Pattern SPAN = Pattern.compile("([0-9]{1,6})([mhd])");
}
