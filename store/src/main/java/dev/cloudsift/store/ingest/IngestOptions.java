package dev.cloudsift.store.ingest;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What to ingest and how.
 *
 * @param inputs        files, folders and archives
 * @param formatOptions options handed to formats by name (e.g. {@code vpcflow.format})
 * @param threads       parsing threads; the writer runs beside them
 */
public record IngestOptions(List<Path> inputs, Map<String, String> formatOptions, int threads) {
    public IngestOptions {
        inputs = List.copyOf(inputs);
        formatOptions = Map.copyOf(formatOptions);
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
    }

    public static IngestOptions of(List<Path> inputs) {
        return new IngestOptions(inputs, Map.of(), Math.max(1, Runtime.getRuntime().availableProcessors()));
    }
}
