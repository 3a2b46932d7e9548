package dev.cloudsift.bench;

import dev.cloudsift.core.FormatRegistry;
import dev.cloudsift.core.LogFormat;
import dev.cloudsift.core.PathHints;
import dev.cloudsift.core.Sample;
import dev.cloudsift.core.input.Decompression;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Recognition cost alone: the head of every file is decompressed into memory first, then the registry sniffs
 * fresh samples of them for several rounds on one thread; prints CPU microseconds per sniff, the CPU each
 * format's sniffer took in the last round, and which format claimed how many files.
 *
 * <p>Usage: {@code SniffBench ROUNDS PATH...}
 */
public final class SniffBench {
    /** CPU time of this thread: on a shared machine, wall time measures the neighbours too. */
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private SniffBench() {}

    public static void main(String[] args) throws Exception {
        int rounds = Integer.parseInt(args[0]);
        List<Path> files;
        try (Stream<Path> walk = Stream.of(args).skip(1).map(Path::of).flatMap(SniffBench::walk)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        List<byte[]> heads = new ArrayList<>();
        List<Boolean> complete = new ArrayList<>();
        for (Path file : files) {
            try (InputStream in = Decompression.open(Files.newInputStream(file), Files.size(file)).content()) {
                byte[] head = in.readNBytes(Sample.SIZE);
                heads.add(head);
                complete.add(in.read() < 0);
            }
        }
        FormatRegistry registry = FormatRegistry.load();
        Map<String, Integer> claimed = new TreeMap<>();
        for (int round = 1; round <= rounds; round++) {
            claimed.clear();
            long cpuStarted = CPU.getCurrentThreadCpuTime();
            for (int i = 0; i < heads.size(); i++) {
                String path = files.get(i).toString();
                Sample sample = new Sample(heads.get(i), complete.get(i), path, PathHints.fromPath(path));
                String name = registry.sniff(sample).map(LogFormat::name).orElse("(none)");
                claimed.merge(name, 1, Integer::sum);
            }
            double cpu = (CPU.getCurrentThreadCpuTime() - cpuStarted) / 1e3;
            System.out.printf("round %d: %d files, %.1f us CPU/sniff%n", round, heads.size(), cpu / heads.size());
        }
        // Each sniffer alone, on fresh samples, so that what it computes first is charged to it.
        Map<String, Double> perFormat = new TreeMap<>();
        for (LogFormat format : registry.formats()) {
            for (int repeat = 0; repeat < 3; repeat++) {
                long cpuStarted = CPU.getCurrentThreadCpuTime();
                for (int i = 0; i < heads.size(); i++) {
                    String path = files.get(i).toString();
                    try {
                        format.sniff(new Sample(heads.get(i), complete.get(i), path, PathHints.fromPath(path)));
                    } catch (RuntimeException ignored) {
                        // as the registry does
                    }
                }
                perFormat.put(format.name(), (CPU.getCurrentThreadCpuTime() - cpuStarted) / 1e3 / heads.size());
            }
        }
        perFormat.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> System.out.printf("  %-28s %8.1f us alone%n", e.getKey(), e.getValue()));
        System.out.println("claimed: " + claimed);
    }

    private static Stream<Path> walk(Path root) {
        try {
            return Files.walk(root);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
