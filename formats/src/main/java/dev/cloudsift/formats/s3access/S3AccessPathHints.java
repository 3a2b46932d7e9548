package dev.cloudsift.formats.s3access;

import dev.cloudsift.core.Nullable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a date-partitioned log key ({@code PREFIX/ACCOUNT/REGION/BUCKET/YYYY/MM/DD/YYYY-MM-DD-HH-MM-SS-ID}) says
 * about its source bucket. Records name their bucket themselves; these are only fallbacks for account and region,
 * which the lines do not carry.
 */
record S3AccessPathHints(@Nullable String accountId, @Nullable String region, @Nullable String bucket) {
    static final S3AccessPathHints NONE = new S3AccessPathHints(null, null, null);

    private static final Pattern PARTITIONED = Pattern.compile(
            "(?:^|/)(\\d{12})/([a-z]{2}(?:-[a-z]+)+-\\d{1,2})/([^/]+)/\\d{4}/\\d{2}/\\d{2}/\\d{4}-\\d{2}-\\d{2}-\\d{2}-\\d{2}-\\d{2}-[^/]+$");

    static S3AccessPathHints fromPath(String path) {
        Matcher matcher = PARTITIONED.matcher(path.replace('\\', '/'));
        if (!matcher.find()) {
            return NONE;
        }
        return new S3AccessPathHints(matcher.group(1), matcher.group(2), matcher.group(3));
    }
}
