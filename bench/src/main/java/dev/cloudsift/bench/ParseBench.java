package dev.cloudsift.bench;

import dev.cloudsift.core.EventReader;
import dev.cloudsift.core.FormatRegistry;
import dev.cloudsift.core.LogFormat;
import dev.cloudsift.core.LogRecord;
import dev.cloudsift.core.PathHints;
import dev.cloudsift.core.ReadItem;
import dev.cloudsift.core.Sample;
import dev.cloudsift.core.SourceContext;
import dev.cloudsift.core.input.Decompression;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Parsing cost alone, per record: every file is decompressed into memory first, then read by the format the
 * registry sniffs, on one thread, several rounds (the first ones warm the JIT up). No case, no storage.
 *
 * <p>Usage: {@code ParseBench ROUNDS PATH...}; prints records, and CPU microseconds per record for
 * each round.
 */
public final class ParseBench {
    /** CPU time of this thread: on a shared machine, wall time measures the neighbours too. */
    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

    private ParseBench() {}

    public static void main(String[] args) throws Exception {
        int rounds = Integer.parseInt(args[0]);
        List<Path> files;
        try (Stream<Path> walk = Stream.of(args).skip(1).map(Path::of).flatMap(ParseBench::walk)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        List<byte[]> contents = new ArrayList<>();
        for (Path file : files) {
            try (InputStream in = Decompression.open(Files.newInputStream(file), Files.size(file)).content()) {
                contents.add(in.readAllBytes());
            }
        }
        FormatRegistry registry = FormatRegistry.load();
        for (int round = 1; round <= rounds; round++) {
            long records = 0;
            long started = System.nanoTime();
            long cpuStarted = CPU.getCurrentThreadCpuTime();
            for (int i = 0; i < contents.size(); i++) {
                records += read(registry, contents.get(i), files.get(i).toString());
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            double cpuSeconds = (CPU.getCurrentThreadCpuTime() - cpuStarted) / 1e9;
            System.out.printf("round %d: %d records, %.2f s wall, %.2f s CPU, %.2f us CPU/record%n", round, records,
                    seconds, cpuSeconds, cpuSeconds * 1e6 / records);
        }
    }

    private static long read(FormatRegistry registry, byte[] content, String path) throws IOException {
        PathHints hints = PathHints.fromPath(path);
        byte[] head = Arrays.copyOf(content, Math.min(content.length, Sample.SIZE));
        LogFormat format = registry.sniff(new Sample(head, content.length <= Sample.SIZE, path, hints)).orElseThrow(
                () -> new IOException("no format for " + path));
        long records = 0;
        try (EventReader reader = format.open(new ByteArrayInputStream(content), new SourceContext(path, hints, Map.of()))) {
            ReadItem item;
            while ((item = reader.next()) != null) {
                if (item instanceof LogRecord) {
                    records++;
                }
            }
        }
        return records;
    }

    private static Stream<Path> walk(Path root) {
        try {
            return Files.walk(root);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
