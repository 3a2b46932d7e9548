package dev.cloudsift.bench;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cloudsift.core.DuplicateKeys;
import dev.cloudsift.core.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * What noticing duplicate JSON keys costs per CloudTrail record: builds the tree of every record of the trail files
 * under a folder (as the readers do) and takes its duplicates, with noticing on and off in alternating rounds, on
 * one thread.
 *
 * <pre>java -cp bench/target/cloudsift-bench.jar dev.cloudsift.bench.DuplicateKeysBench FOLDER [ROUNDS]</pre>
 */
public final class DuplicateKeysBench {
    private DuplicateKeysBench() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: DuplicateKeysBench FOLDER [ROUNDS]");
            System.exit(2);
        }
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        List<byte[]> files = new ArrayList<>();
        try (Stream<Path> paths = Files.walk(Path.of(args[0]))) {
            for (Path path : paths.filter(p -> p.toString().endsWith(".json.gz")).sorted().toList()) {
                try (InputStream in = new GZIPInputStream(Files.newInputStream(path))) {
                    files.add(in.readAllBytes());
                }
            }
        }
        long[] best = {Long.MAX_VALUE, Long.MAX_VALUE};
        long records = 0;
        for (int round = 0; round < rounds * 2; round++) {
            boolean on = round % 2 == 0;
            DuplicateKeys.enable(on);
            long start = System.nanoTime();
            records = 0;
            long found = 0;
            for (byte[] file : files) {
                try (JsonParser parser = Json.FACTORY.createParser(file)) {
                    // {"Records":[ ... ]}
                    parser.nextToken();
                    parser.nextToken();
                    parser.nextToken();
                    while (parser.nextToken() == JsonToken.START_OBJECT) {
                        JsonNode record = Json.MAPPER.readTree(parser);
                        found += DuplicateKeys.takeFrom(record).size();
                        records++;
                    }
                }
            }
            long elapsed = System.nanoTime() - start;
            best[on ? 0 : 1] = Math.min(best[on ? 0 : 1], elapsed);
            System.out.printf("round %d noticing %s: %d records, %.3f µs/record, %d duplicates%n", round / 2 + 1,
                    on ? "on " : "off", records, elapsed / 1000.0 / records, found);
        }
        System.out.printf("best: on %.3f µs/record, off %.3f µs/record, cost %.3f µs/record%n",
                best[0] / 1000.0 / records, best[1] / 1000.0 / records, (best[0] - best[1]) / 1000.0 / records);
    }
}
