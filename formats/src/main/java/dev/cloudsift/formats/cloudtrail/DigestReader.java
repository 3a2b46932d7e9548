package dev.cloudsift.formats.cloudtrail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cloudsift.core.EventReader;
import dev.cloudsift.core.Json;
import dev.cloudsift.core.LogRecord;
import dev.cloudsift.core.Nullable;
import dev.cloudsift.core.ParseProblem;
import dev.cloudsift.core.Position;
import dev.cloudsift.core.ReadItem;
import dev.cloudsift.core.SourceContext;
import dev.cloudsift.core.TableRow;
import dev.cloudsift.core.TableSchema;
import dev.cloudsift.core.Timestamps;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Reads one CloudTrail digest file into one record holding a {@code cloudtrail_digests} row per listed log file (one
 * row with empty log-file columns when {@code logFiles} is empty, which proves nothing was delivered that hour).
 * Digests are small (one hour of one region), so the file is read whole, up to a limit, and hashed as read.
 */
final class DigestReader implements EventReader {
    /** A digest lists one hour of log files; anything this large is not a digest. */
    static final int MAX_DIGEST_BYTES = 64 * 1024 * 1024;

    private static final TableSchema TABLE = CloudTrailTables.DIGESTS;
    private static final String[] TIME_FIELDS = {"digestStartTime", "digestEndTime", "newestEventTime", "oldestEventTime"};

    private final InputStream content;
    private final SourceContext context;
    private boolean done;

    DigestReader(InputStream content, SourceContext context) {
        this.content = content;
        this.context = context;
    }

    @Override
    public @Nullable ReadItem next() throws IOException {
        if (done) {
            return null;
        }
        done = true;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        MessageDigest sha256 = sha256();
        byte[] buffer = new byte[64 * 1024];
        int read;
        while ((read = readSome(buffer)) > 0) {
            sha256.update(buffer, 0, read);
            if (bytes.size() + read > MAX_DIGEST_BYTES) {
                return new ParseProblem(Position.START, "digest file is larger than "
                        + (MAX_DIGEST_BYTES / (1024 * 1024)) + " MiB", bytes.toByteArray());
            }
            bytes.write(buffer, 0, read);
        }
        byte[] data = bytes.toByteArray();
        String hash = HexFormat.of().formatHex(sha256.digest());
        JsonNode digest;
        try {
            digest = Json.MAPPER.readTree(data);
        } catch (JsonProcessingException e) {
            return new ParseProblem(Position.START, "digest is not valid JSON: " + e.getOriginalMessage(), data);
        }
        if (digest == null || !digest.isObject()) {
            return new ParseProblem(Position.START, "digest holds "
                    + (digest == null ? "nothing" : JsonValues.describe(digest))
                    + ", expected a JSON object", data);
        }
        return toRecord(digest, hash, data);
    }

    private int readSome(byte[] buffer) throws IOException {
        try {
            return content.read(buffer);
        } catch (IOException e) {
            throw new BrokenStreamException(e);
        }
    }

    private ReadItem toRecord(JsonNode digest, String hash, byte[] data) {
        for (String field : TIME_FIELDS) {
            JsonNode value = digest.get(field);
            if (value != null && !value.isNull() && (!value.isTextual() || time(value.textValue()) == null)) {
                return new ParseProblem(Position.START, field + " is " + describeTime(value)
                        + ", expected an ISO-8601 time such as 2025-11-04T10:00:00Z", data);
            }
        }
        JsonNode logFiles = digest.get("logFiles");
        if (logFiles != null && !logFiles.isNull() && !logFiles.isArray()) {
            return new ParseProblem(Position.START, "logFiles is " + JsonValues.describe(logFiles)
                    + ", expected an array", data);
        }
        String bucket = JsonValues.string(digest, "digestS3Bucket");
        String object = JsonValues.string(digest, "digestS3Object");
        List<TableRow> rows = new ArrayList<>();
        if (logFiles == null || logFiles.isNull() || logFiles.isEmpty()) {
            rows.add(new TableRow(TABLE.name(), row(digest, hash, bucket, object, null)));
        } else {
            for (JsonNode logFile : logFiles) {
                if (!logFile.isObject()) {
                    return new ParseProblem(Position.START, "logFiles entry is "
                            + JsonValues.describe(logFile) + ", expected a JSON object", data);
                }
                for (String field : new String[] {"newestEventTime", "oldestEventTime"}) {
                    JsonNode value = logFile.get(field);
                    if (value != null && !value.isNull() && (!value.isTextual() || time(value.textValue()) == null)) {
                        return new ParseProblem(Position.START, "logFiles[]." + field + " is " + describeTime(value)
                                + ", expected an ISO-8601 time", data);
                    }
                }
                rows.add(new TableRow(TABLE.name(), row(digest, hash, bucket, object, logFile)));
            }
        }
        String key = object != null ? "cloudtrail-digest:" + (bucket == null ? "" : bucket) + "/" + object
                : "cloudtrail-digest:" + hash;
        return new LogRecord(null, rows, key, Position.START);
    }

    private Object[] row(JsonNode digest, String hash, @Nullable String bucket, @Nullable String object,
            @Nullable JsonNode logFile) {
        Object[] row = TABLE.newRow();
        row[TABLE.indexOf("digest_file")] = context.path();
        row[TABLE.indexOf("aws_account_id")] = JsonValues.string(digest, "awsAccountId");
        row[TABLE.indexOf("digest_start_time")] = time(JsonValues.string(digest, "digestStartTime"));
        row[TABLE.indexOf("digest_end_time")] = time(JsonValues.string(digest, "digestEndTime"));
        row[TABLE.indexOf("digest_s3_bucket")] = bucket;
        row[TABLE.indexOf("digest_s3_object")] = object;
        row[TABLE.indexOf("digest_public_key_fingerprint")] =
                JsonValues.string(digest, "digestPublicKeyFingerprint");
        row[TABLE.indexOf("digest_signature_algorithm")] =
                JsonValues.string(digest, "digestSignatureAlgorithm");
        row[TABLE.indexOf("newest_event_time")] = time(JsonValues.string(digest, "newestEventTime"));
        row[TABLE.indexOf("oldest_event_time")] = time(JsonValues.string(digest, "oldestEventTime"));
        row[TABLE.indexOf("previous_digest_s3_bucket")] = JsonValues.string(digest, "previousDigestS3Bucket");
        row[TABLE.indexOf("previous_digest_s3_object")] = JsonValues.string(digest, "previousDigestS3Object");
        row[TABLE.indexOf("previous_digest_hash_value")] =
                JsonValues.string(digest, "previousDigestHashValue");
        row[TABLE.indexOf("previous_digest_hash_algorithm")] =
                JsonValues.string(digest, "previousDigestHashAlgorithm");
        row[TABLE.indexOf("previous_digest_signature")] =
                JsonValues.string(digest, "previousDigestSignature");
        row[TABLE.indexOf("backfill")] = isBackfill(object);
        row[TABLE.indexOf("digest_sha256")] = hash;
        if (logFile != null) {
            row[TABLE.indexOf("log_file_s3_bucket")] = JsonValues.string(logFile, "s3Bucket");
            row[TABLE.indexOf("log_file_s3_object")] = JsonValues.string(logFile, "s3Object");
            row[TABLE.indexOf("log_file_hash_value")] = JsonValues.string(logFile, "hashValue");
            row[TABLE.indexOf("log_file_hash_algorithm")] = JsonValues.string(logFile, "hashAlgorithm");
            row[TABLE.indexOf("log_file_newest_event_time")] =
                    time(JsonValues.string(logFile, "newestEventTime"));
            row[TABLE.indexOf("log_file_oldest_event_time")] =
                    time(JsonValues.string(logFile, "oldestEventTime"));
        }
        return row;
    }

    /**
     * Backfill digests are named {@code ..._backfill.json.gz}; the name is the only mark in a mirror (the S3 metadata
     * that also says so is not synced). The recorded key and the path read are both checked.
     */
    private boolean isBackfill(@Nullable String object) {
        return (object != null && object.contains("_backfill.")) || context.path().contains("_backfill.")
                || "true".equalsIgnoreCase(context.option("cloudtrail.backfill"));
    }

    private static @Nullable Instant time(@Nullable String text) {
        if (text == null) {
            return null;
        }
        try {
            return Timestamps.parseIso(text);
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static String describeTime(JsonNode value) {
        return value.isTextual() ? "\"" + value.textValue() + "\"" : JsonValues.describe(value);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    @Override
    public void close() throws IOException {
        content.close();
    }
}
