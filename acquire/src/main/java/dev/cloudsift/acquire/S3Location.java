package dev.cloudsift.acquire;

import java.util.Objects;

/** A bucket and key prefix, written s3://bucket/prefix. */
public record S3Location(String bucket, String prefix) {
    public S3Location {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(prefix, "prefix");
    }

    public static S3Location parse(String text) {
        if (!text.startsWith("s3://") || text.length() <= 5) {
            throw new IllegalArgumentException("expected s3://bucket/prefix, got '" + text + "'");
        }
        String rest = text.substring(5);
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        if (bucket.isEmpty()) {
            throw new IllegalArgumentException("no bucket in '" + text + "'");
        }
        return new S3Location(bucket, slash < 0 ? "" : rest.substring(slash + 1));
    }

    @Override
    public String toString() {
        return "s3://" + bucket + "/" + prefix;
    }
}
