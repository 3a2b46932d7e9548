package dev.cloudsift.store.ingest;

import dev.cloudsift.store.evidence.EvidenceMode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What to ingest and how.
 *
 * @param inputs        files, folders and archives
 * @param formatOptions options handed to formats by name (e.g. {@code vpcflow.format})
 * @param threads       parsing threads; the writer runs beside them
 * @param evidence      copy each input's original bytes into the case, or only reference them
 */
public record IngestOptions(List<Path> inputs, Map<String, String> formatOptions, int threads, EvidenceMode evidence) {
    public IngestOptions {
        java.util.Objects.requireNonNull(evidence, "evidence");
        inputs = List.copyOf(inputs);
        formatOptions = Map.copyOf(formatOptions);
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
    }

    /** Options that copy every input into the case's evidence. */
    public IngestOptions(List<Path> inputs, Map<String, String> formatOptions, int threads) {
        this(inputs, formatOptions, threads, EvidenceMode.COPY);
    }

    public IngestOptions withEvidence(EvidenceMode mode) {
        return new IngestOptions(inputs, formatOptions, threads, mode);
    }

    public static IngestOptions of(List<Path> inputs) {
        return new IngestOptions(inputs, Map.of(), Math.max(1, Runtime.getRuntime().availableProcessors()));
    }
}
