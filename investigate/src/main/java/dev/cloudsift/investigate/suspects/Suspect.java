package dev.cloudsift.investigate.suspects;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** One ranked principal, access key or IP address, with its score, the parts of the score and a one-line reason. */
public record Suspect(String kind, String value, int score, long events, Instant firstSeen, Instant lastSeen,
        List<String> sources, int regions, int actions, double errorRatio, long bytes, int findingPoints,
        boolean novel, String reason) {
    public Suspect {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(value, "value");
        sources = List.copyOf(sources);
        Objects.requireNonNull(reason, "reason");
    }
}
