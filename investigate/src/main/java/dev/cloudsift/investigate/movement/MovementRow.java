package dev.cloudsift.investigate.movement;

import dev.cloudsift.core.Nullable;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One total of data read or sent out: who (principal, access key), from where (source address), what (resource:
 * bucket, interface or instance, shared resource) and where it went (destination: the reading address, the public
 * address, the foreign account). {@code requests} counts S3 requests, flow connections or share calls;
 * {@code objects} is distinct S3 objects (or shared resources; null for flows); {@code bytes} is null when no log
 * says it (shares). {@code sources} says which logs each request was counted from, e.g.
 * {@code s3access+cloudtrail → 40, s3access → 2}.
 */
public record MovementRow(
        MovementKind kind,
        @Nullable String principal,
        @Nullable String accessKeyId,
        @Nullable String sourceIp,
        @Nullable String resource,
        @Nullable String destination,
        long requests,
        @Nullable Long objects,
        @Nullable Long bytes,
        @Nullable Instant first,
        @Nullable Instant last,
        Map<String, Long> sources) {
    public MovementRow {
        Objects.requireNonNull(kind, "kind");
        sources = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(sources, "sources")));
    }

    /** The sources as one line: {@code s3access+cloudtrail 40, s3access 2}. */
    public String sourcesText() {
        StringBuilder text = new StringBuilder();
        sources.forEach((source, count) -> text.append(text.length() == 0 ? "" : ", ").append(source).append(' ').append(count));
        return text.toString();
    }

    /** Whether this row names the entity as principal, principal name, account, key, address, resource or destination. */
    boolean names(String entity) {
        String wanted = entity.toLowerCase(java.util.Locale.ROOT);
        for (String value : new String[] {principal, accessKeyId, sourceIp, resource, destination}) {
            if (value != null && value.toLowerCase(java.util.Locale.ROOT).equals(wanted)) {
                return true;
            }
        }
        if (principal != null) {
            String lower = principal.toLowerCase(java.util.Locale.ROOT);
            if (lower.endsWith("/" + wanted) || lower.contains(":" + wanted + ":") || lower.contains("/" + wanted + "/")) {
                return true;
            }
        }
        return resource != null && (resource.toLowerCase(java.util.Locale.ROOT).startsWith(wanted + " ")
                || resource.toLowerCase(java.util.Locale.ROOT).contains("(" + wanted + ")"));
    }
}
