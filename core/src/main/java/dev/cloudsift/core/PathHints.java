package dev.cloudsift.core;

import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an S3 key layout in a path says about the file: account, region, (delivery) date, organization id and
 * service folder. Hints only: values inside records win.
 */
public record PathHints(
        @Nullable String accountId,
        @Nullable String region,
        @Nullable LocalDate date,
        @Nullable String organizationId,
        @Nullable String service) {

    public static final PathHints NONE = new PathHints(null, null, null, null, null);

    private static final Pattern AWS_LOGS = Pattern.compile(
            "(?:^|/)AWSLogs/(?:(o-[a-z0-9]{10,32})/)?(\\d{12})/([A-Za-z0-9_-]+)(?:/([a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\\d|cloudfront|global))?"
                    + "(?:/(?:[^/]+/)*?(\\d{4})/(\\d{1,2})/(\\d{1,2})(?:/|$))?");
    private static final Pattern ORG_PREFIX = Pattern.compile("(?:^|/)(o-[a-z0-9]{10,32})/AWSLogs/");
    private static final Pattern HIVE = Pattern.compile(
            "aws-account-id=(\\d{12})/aws-service=([A-Za-z0-9_-]+)/aws-region=([a-z0-9-]+)/year=(\\d{4})/month=(\\d{1,2})/day=(\\d{1,2})");

    /** Reads the hints from a path (or an archive path such as {@code a.zip!/AWSLogs/...}). */
    public static PathHints fromPath(String path) {
        String normalized = path.replace('\\', '/');
        Matcher hive = HIVE.matcher(normalized);
        if (hive.find()) {
            return new PathHints(hive.group(1), hive.group(3), date(hive.group(4), hive.group(5), hive.group(6)),
                    null, hive.group(2));
        }
        Matcher matcher = AWS_LOGS.matcher(normalized);
        if (!matcher.find()) {
            return NONE;
        }
        String organization = matcher.group(1);
        if (organization == null) {
            Matcher prefix = ORG_PREFIX.matcher(normalized);
            if (prefix.find()) {
                organization = prefix.group(1);
            }
        }
        LocalDate date = matcher.group(5) == null ? null : date(matcher.group(5), matcher.group(6), matcher.group(7));
        return new PathHints(matcher.group(2), matcher.group(4), date, organization, matcher.group(3));
    }

    private static @Nullable LocalDate date(String year, String month, String day) {
        try {
            return LocalDate.of(Integer.parseInt(year), Integer.parseInt(month), Integer.parseInt(day));
        } catch (RuntimeException notADate) {
            return null;
        }
    }
}
