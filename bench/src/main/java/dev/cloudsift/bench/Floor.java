package dev.cloudsift.bench;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.cloudsift.core.Json;
import dev.cloudsift.core.input.Decompression;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The least work any reader of these files must do: decompress and tokenize (JSON) or split into fields
 * (text), on N threads. The benchmark divides the ingest's time by this one.
 *
 * <p>Usage: {@code Floor json|lines THREADS PATH...}; prints {@code records bytes seconds}.
 */
public final class Floor {
    private Floor() {}

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        int threads = Integer.parseInt(args[1]);
        List<Path> files;
        try (Stream<Path> walk = Stream.of(args).skip(2).map(Path::of).flatMap(Floor::walk)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        AtomicInteger next = new AtomicInteger();
        AtomicLong records = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        Future<?>[] futures = new Future<?>[threads];
        for (int t = 0; t < threads; t++) {
            futures[t] = pool.submit(() -> {
                int index;
                while ((index = next.getAndIncrement()) < files.size()) {
                    Path file = files.get(index);
                    try (InputStream raw = Files.newInputStream(file)) {
                        InputStream content = Decompression.open(raw, Files.size(file)).content();
                        long[] counted = mode.equals("json") ? tokenize(content) : split(content);
                        records.addAndGet(counted[0]);
                        bytes.addAndGet(counted[1]);
                    } catch (IOException e) {
                        throw new UncheckedIOException(file.toString(), e);
                    }
                }
                return null;
            });
        }
        for (Future<?> future : futures) {
            future.get();
        }
        pool.shutdown();
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("%d %d %.3f%n", records.get(), bytes.get(), seconds);
    }

    private static Stream<Path> walk(Path path) {
        try {
            // Data folders are often links to a shared copy (bench/data -> elsewhere, or links inside it): follow them,
            // as the ingest does for links that stay inside the folder given.
            return Files.walk(path, FileVisitOption.FOLLOW_LINKS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Counts objects one level inside the top-level array of a Records-style file (or top-level values). */
    private static long[] tokenize(InputStream content) throws IOException {
        long objects = 0;
        try (JsonParser parser = Json.FACTORY.createParser(content)) {
            int depth = 0;
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                    depth++;
                    if (token == JsonToken.START_OBJECT && depth == 3) {
                        objects++;
                    }
                } else if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
                    depth--;
                } else if (token == JsonToken.VALUE_STRING) {
                    parser.getText();
                }
            }
            return new long[] {objects, parser.currentLocation().getByteOffset()};
        }
    }

    /** Splits each line into space-separated fields. */
    private static long[] split(InputStream content) throws IOException {
        long lines = 0;
        long bytes = 0;
        long fields = 0;
        BufferedReader reader = new BufferedReader(new InputStreamReader(content, StandardCharsets.UTF_8), 1 << 16);
        String line;
        while ((line = reader.readLine()) != null) {
            lines++;
            bytes += line.length() + 1;
            int start = 0;
            int space;
            while ((space = line.indexOf(' ', start)) >= 0) {
                fields += line.substring(start, space).length() > 0 ? 1 : 0;
                start = space + 1;
            }
            fields++;
        }
        return new long[] {lines - (fields < 0 ? 1 : 0), bytes};
    }
}
