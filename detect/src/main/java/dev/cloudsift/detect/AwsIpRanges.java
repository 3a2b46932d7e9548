package dev.cloudsift.detect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cloudsift.core.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * AWS's published address ranges (ip-ranges.json), the values of the {@code %aws_ip_ranges%} placeholder. The pack
 * ships a dated copy; {@code CLOUDSIFT_AWS_IP_RANGES=FILE} names a fresh download instead, and a placeholder file
 * giving {@code aws_ip_ranges} overrides both.
 */
public record AwsIpRanges(String createDate, String origin, List<String> prefixes) {
    public static final String PLACEHOLDER = "aws_ip_ranges";
    public static final String ENVIRONMENT = "CLOUDSIFT_AWS_IP_RANGES";
    private static final String BUILT_IN = "/dev/cloudsift/detect/aws-ip-ranges.json";
    private static AwsIpRanges current;

    public AwsIpRanges {
        Objects.requireNonNull(createDate, "createDate");
        Objects.requireNonNull(origin, "origin");
        prefixes = List.copyOf(prefixes);
    }

    /** The ranges in use: the file named by {@value #ENVIRONMENT}, else the built-in copy. Read once. */
    public static synchronized AwsIpRanges current() {
        if (current == null) {
            String file = System.getenv(ENVIRONMENT);
            try {
                if (file != null && !file.isBlank()) {
                    try (InputStream in = Files.newInputStream(Path.of(file))) {
                        current = parse(in, file);
                    }
                } else {
                    try (InputStream in = AwsIpRanges.class.getResourceAsStream(BUILT_IN)) {
                        current = parse(Objects.requireNonNull(in, BUILT_IN), "built-in copy");
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read AWS IP ranges from " + (file == null ? BUILT_IN : file) + ": "
                        + e.getMessage(), e);
            }
        }
        return current;
    }

    /** Reads AWS's ip-ranges.json format: {@code createDate}, {@code prefixes[].ip_prefix}, {@code ipv6_prefixes[].ipv6_prefix}. */
    static AwsIpRanges parse(InputStream in, String origin) throws IOException {
        JsonNode root = Json.MAPPER.readTree(in);
        // the full file lists a prefix once per service: keep each once
        Set<String> prefixes = new LinkedHashSet<>();
        for (JsonNode prefix : root.path("prefixes")) {
            prefixes.add(prefix.path("ip_prefix").asText(""));
        }
        for (JsonNode prefix : root.path("ipv6_prefixes")) {
            prefixes.add(prefix.path("ipv6_prefix").asText(""));
        }
        prefixes.remove("");
        if (prefixes.isEmpty()) {
            throw new IOException("no prefixes (expected AWS's ip-ranges.json format)");
        }
        return new AwsIpRanges(root.path("createDate").asText("undated"), origin, new ArrayList<>(prefixes));
    }

    /** One line for listings: where the ranges come from and their publication date. */
    public String describe() {
        return "AWS IP ranges: " + origin + " of " + createDate + ", " + prefixes.size() + " prefixes (" + ENVIRONMENT
                + "=FILE to use a fresh ip-ranges.json)";
    }
}
