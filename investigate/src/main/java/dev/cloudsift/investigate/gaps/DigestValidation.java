package dev.cloudsift.investigate.gaps;

import dev.cloudsift.investigate.CaseTables;
import dev.cloudsift.investigate.gaps.DigestIssue.Kind;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Validates CloudTrail log file integrity offline from what the ingest stored: each digest's listed log files
 * against the SHA-256 of the inflated files ({@code ingest_files.content_sha256}), the chain of
 * {@code previousDigestHashValue} against each digest's own inflated SHA-256, hours without a digest, log files no
 * digest lists, and, given public keys, every signature that the next digest carries. Files are matched by their S3
 * key from {@code AWSLogs/} on, so a mirror under any root (or inside an archive) is found.
 */
public final class DigestValidation {
    /** A later digest starting more than this after its predecessor ended leaves hours uncovered. */
    static final Duration CHAIN_SLACK = Duration.ofMinutes(5);

    /** SQL for the comparable key of an S3 object or a local path: from {@code AWSLogs/} on, else the file name. */
    static String keyOf(String column) {
        String path = "replace(" + column + ", '\\', '/')";
        return "CASE WHEN strpos(" + path + ", 'AWSLogs/') > 0 THEN substr(" + path + ", strpos(" + path + ", 'AWSLogs/'))"
                + " ELSE regexp_extract(" + path + ", '[^/]+$') END";
    }

    private final Connection connection;
    private final List<PublicKey> keys;
    /** Digests found elsewhere than the key they were signed for, collected while reading them. */
    private final List<DigestIssue> locationMismatches = new ArrayList<>();

    public DigestValidation(Connection connection, List<PublicKey> keys) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.keys = List.copyOf(keys);
    }

    /** Null when the case holds no digests. */
    public DigestReport validate() throws SQLException {
        if (!CaseTables.exists(connection, "cloudtrail_digests")) {
            return null;
        }
        locationMismatches.clear();
        List<Digest> digests = digests();
        if (digests.isEmpty()) {
            return null;
        }
        List<DigestIssue> issues = new ArrayList<>();
        long[] logCounts = checkLogFiles(issues);
        unexpectedLogFiles(issues);
        long[] signatureCounts = checkChains(digests, issues);
        issues.sort(Comparator.comparing(DigestIssue::kind).thenComparing(DigestIssue::time,
                Comparator.nullsFirst(Comparator.naturalOrder())).thenComparing(DigestIssue::file));
        return new DigestReport(digests.size(), logCounts[0], logCounts[1], signatureCounts[0], signatureCounts[1], issues);
    }

    /** One digest file, its chain and the values its signature covers. */
    private record Digest(String file, String key, String account, String region, String chain, Instant start,
            Instant end, String bucket, String object, String previousKey, String previousHash, String previousSignature,
            String sha256, boolean backfill) {}

    private List<Digest> digests() throws SQLException {
        String sql = """
                SELECT digest_file, %s AS key, any_value(aws_account_id), any_value(digest_start_time),
                       any_value(digest_end_time), any_value(digest_s3_bucket), any_value(digest_s3_object),
                       %s AS previous_key, any_value(previous_digest_hash_value), any_value(previous_digest_signature),
                       any_value(digest_sha256), bool_or(coalesce(backfill, false))
                FROM cloudtrail_digests GROUP BY digest_file, key, previous_key"""
                .formatted(keyOf("coalesce(digest_s3_object, digest_file)"), keyOf("previous_digest_s3_object"));
        List<Digest> digests = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                String key = result.getString(2);
                String object = result.getString(7);
                boolean backfill = result.getBoolean(12);
                String[] chain = chainOf(key, backfill);
                digests.add(new Digest(result.getString(1), key, result.getString(3), chain[1], chain[0],
                        CaseTables.instant(result, 4), CaseTables.instant(result, 5), result.getString(6), object,
                        result.getString(8), lower(result.getString(9)), result.getString(10), lower(result.getString(11)),
                        backfill));
                String found = result.getString(1);
                if (object != null && !found.replace('\\', '/').endsWith(object)) {
                    // a digest is signed for where it was written; a copy elsewhere may be a planted one
                    String foundKey = found.contains("AWSLogs/") ? found.substring(found.indexOf("AWSLogs/")) : found;
                    if (!object.endsWith(foundKey)) {
                        locationMismatches.add(new DigestIssue(Kind.LOCATION_MISMATCH, CaseTables.instant(result, 5),
                                result.getString(3), chain[1], found, "digest says it was written to " + object));
                    }
                }
            }
        }
        return digests;
    }

    /** Chain id (account, region, trail, home region, backfill) and region from a digest key's file name. */
    private static String[] chainOf(String key, boolean backfill) {
        String name = key.substring(key.lastIndexOf('/') + 1);
        int dot = name.indexOf('.');
        if (dot > 0) {
            name = name.substring(0, dot);
        }
        String[] parts = name.split("_");
        String region = parts.length > 2 ? parts[2] : "";
        int end = parts.length;
        if (end > 0 && parts[end - 1].equals("backfill")) {
            end--;
        }
        if (end > 0 && parts[end - 1].matches("\\d{8}T\\d{6}Z")) {
            end--;
        }
        String chain = String.join("_", java.util.Arrays.copyOf(parts, Math.max(end, 1))) + (backfill ? "#backfill" : "");
        return new String[] {chain, region};
    }

    private static String lower(String value) {
        return value == null ? null : value.toLowerCase(Locale.ROOT);
    }

    /** @return {listed, verified} */
    private long[] checkLogFiles(List<DigestIssue> issues) throws SQLException {
        String sql = """
                WITH listed AS (
                  SELECT DISTINCT %s AS key, log_file_s3_object AS object, lower(log_file_hash_value) AS hash,
                         aws_account_id, digest_end_time, log_file_newest_event_time
                  FROM cloudtrail_digests WHERE log_file_s3_object IS NOT NULL),
                files AS (
                  SELECT %s AS key, bool_or(lower(content_sha256) IS NOT NULL) AS hashed,
                         list(DISTINCT lower(content_sha256)) FILTER (WHERE content_sha256 IS NOT NULL) AS hashes,
                         any_value(path) AS path
                  FROM ingest_files GROUP BY 1)
                SELECT l.key, l.object, l.hash, l.aws_account_id, l.digest_end_time, f.path, f.hashed,
                       list_contains(f.hashes, l.hash) AS matches, array_to_string(f.hashes, ',') AS seen,
                       regexp_extract(l.key, '/CloudTrail/([a-z0-9-]+)/', 1) AS region
                FROM listed l LEFT JOIN files f ON f.key = l.key
                ORDER BY l.key""".formatted(keyOf("log_file_s3_object"), keyOf("path"));
        long listed = 0;
        long verified = 0;
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                listed++;
                String key = result.getString(1);
                Instant time = CaseTables.instant(result, 5);
                String account = result.getString(4);
                String region = result.getString(10);
                if (result.getString(6) == null) {
                    issues.add(new DigestIssue(Kind.MISSING_LOG_FILE, time, account, region, key,
                            "listed by a digest but not in the case: deleted, or not acquired"));
                } else if (!result.getBoolean(7)) {
                    issues.add(new DigestIssue(Kind.LOG_FILE_NOT_HASHED, time, account, region, key,
                            "ingested without a content hash (format did not ask for one); cannot be checked"));
                } else if (result.getBoolean(8)) {
                    verified++;
                } else {
                    issues.add(new DigestIssue(Kind.MODIFIED_LOG_FILE, time, account, region, key,
                            "SHA-256 of its content is " + result.getString(9) + ", the digest lists " + result.getString(3)));
                }
            }
        }
        return new long[] {listed, verified};
    }

    /** CloudTrail log files in an account and region that has digests, delivered within the digests' span, yet listed by none. */
    private void unexpectedLogFiles(List<DigestIssue> issues) throws SQLException {
        String sql = """
                WITH spans AS (
                  SELECT aws_account_id AS account, regexp_extract(%s, '/CloudTrail-Digest/([a-z0-9-]+)/', 1) AS region,
                         min(digest_start_time) AS first_start, max(digest_end_time) AS last_end
                  FROM cloudtrail_digests GROUP BY ALL),
                listed AS (SELECT DISTINCT %s AS key FROM cloudtrail_digests WHERE log_file_s3_object IS NOT NULL),
                logs AS (
                  SELECT DISTINCT %s AS key FROM ingest_files
                  WHERE status = 'ok' AND replace(path, '\\', '/') LIKE '%%/CloudTrail/%%' AND format LIKE 'cloudtrail%%'),
                named AS (
                  SELECT key, regexp_extract(key, 'AWSLogs/(?:o-[a-z0-9]+/)?([0-9]{12})/', 1) AS account,
                         regexp_extract(key, '/CloudTrail/([a-z0-9-]+)/', 1) AS region,
                         try_strptime(regexp_extract(key, '_([0-9]{8}T[0-9]{4}Z)_', 1), '%%Y%%m%%dT%%H%%MZ') AS delivered
                  FROM logs)
                SELECT n.key, n.account, n.region, n.delivered FROM named n
                JOIN spans s ON s.account = n.account AND s.region = n.region
                WHERE n.key NOT IN (SELECT key FROM listed)
                  AND n.delivered >= s.first_start AND n.delivered < s.last_end
                ORDER BY n.key""".formatted(keyOf("coalesce(digest_s3_object, digest_file)"), keyOf("log_file_s3_object"),
                keyOf("path"));
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                issues.add(new DigestIssue(Kind.UNEXPECTED_LOG_FILE, CaseTables.instant(result, 4), result.getString(2),
                        result.getString(3), result.getString(1),
                        "delivered while digests were written but listed by none: delivered while validation was off, or planted"));
            }
        }
    }

    /** @return {signatures verified, signatures not checked} */
    private long[] checkChains(List<Digest> digests, List<DigestIssue> issues) {
        issues.addAll(locationMismatches);
        Map<String, List<Digest>> chains = new HashMap<>();
        Map<String, Digest> byKey = new HashMap<>();
        for (Digest digest : digests) {
            chains.computeIfAbsent(digest.chain(), c -> new ArrayList<>()).add(digest);
            byKey.put(digest.key(), digest);
        }
        Map<String, Digest> successorOf = new HashMap<>();
        for (Digest digest : digests) {
            if (digest.previousKey() != null) {
                successorOf.put(digest.previousKey(), digest);
            }
        }
        long verified = 0;
        long unchecked = 0;
        for (List<Digest> chain : chains.values()) {
            chain.sort(Comparator.comparing(Digest::end, Comparator.nullsFirst(Comparator.naturalOrder())));
            for (int i = 0; i < chain.size(); i++) {
                Digest digest = chain.get(i);
                Digest before = i > 0 ? chain.get(i - 1) : null;
                if (digest.previousKey() == null) {
                    if (before != null) {
                        issues.add(new DigestIssue(Kind.CHAIN_RESTARTED, digest.start(), digest.account(), digest.region(),
                                digest.key(), "a starting digest after " + before.key()
                                        + ": validation or logging was off before it, and the time between is unverified"));
                    }
                } else {
                    Digest previous = byKey.get(digest.previousKey());
                    if (previous == null) {
                        if (before != null) {
                            issues.add(new DigestIssue(Kind.MISSING_DIGEST, digest.start(), digest.account(), digest.region(),
                                    digest.previousKey(), "named as previous by " + digest.key() + " but not in the case;"
                                            + " the window " + before.end() + " to " + digest.start() + " is unverified"));
                        }
                    } else if (previous.sha256() == null || !previous.sha256().equals(digest.previousHash())) {
                        issues.add(new DigestIssue(Kind.MODIFIED_DIGEST, previous.end(), previous.account(), previous.region(),
                                previous.key(), "its SHA-256 is " + previous.sha256() + " but the next digest pins "
                                        + digest.previousHash()));
                    }
                }
                if (before != null && before.end() != null && digest.start() != null
                        && Duration.between(before.end(), digest.start()).compareTo(CHAIN_SLACK) > 0
                        && (digest.previousKey() == null || byKey.containsKey(digest.previousKey()))) {
                    issues.add(new DigestIssue(Kind.HOURS_WITHOUT_DIGEST, before.end(), digest.account(), digest.region(),
                            digest.key(), "no digest covers " + before.end() + " to " + digest.start()
                                    + ": logging or validation was off, or digests were deleted"));
                }
                Digest next = successorOf.get(digest.key());
                if (keys.isEmpty() || next == null || next.previousSignature() == null) {
                    unchecked++;
                } else if (verifies(digest, next.previousSignature())) {
                    verified++;
                } else {
                    issues.add(new DigestIssue(Kind.BAD_SIGNATURE, digest.end(), digest.account(), digest.region(),
                            digest.key(), "the signature the next digest carries does not verify with any given key:"
                                    + " the digest or its predecessor link was altered, or the key is not the signer's"));
                }
            }
        }
        return new long[] {verified, unchecked};
    }

    /** The signed text: end time, bucket/object, hex SHA-256 of the inflated digest, previous signature (or "null"). */
    public static String signedText(Instant end, String bucket, String object, String sha256, String previousSignature) {
        return DateTimeFormatter.ISO_INSTANT.format(end) + "\n" + bucket + "/" + object + "\n" + sha256 + "\n"
                + (previousSignature == null ? "null" : previousSignature);
    }

    private boolean verifies(Digest digest, String signatureHex) {
        if (digest.end() == null || digest.sha256() == null) {
            return false;
        }
        byte[] signature;
        try {
            signature = HexFormat.of().parseHex(signatureHex.strip());
        } catch (IllegalArgumentException e) {
            return false;
        }
        byte[] text = signedText(digest.end(), digest.bucket(), digest.object(), digest.sha256(),
                digest.previousSignature()).getBytes(StandardCharsets.UTF_8);
        for (PublicKey key : keys) {
            try {
                Signature verifier = Signature.getInstance("SHA256withRSA");
                verifier.initVerify(key);
                verifier.update(text);
                if (verifier.verify(signature)) {
                    return true;
                }
            } catch (GeneralSecurityException e) {
                // a key of the wrong kind or a malformed signature simply does not verify
            }
        }
        return false;
    }
}
