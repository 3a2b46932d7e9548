package dev.cloudsift.formats.cloudwatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudsift.core.EventReader;
import dev.cloudsift.core.LogFormat;
import dev.cloudsift.core.ReadItem;
import dev.cloudsift.core.SourceContext;
import dev.cloudsift.core.input.Decompression;
import dev.cloudsift.formats.testing.FormatHarness;
import dev.cloudsift.formats.testing.GoldenFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every CloudWatch and metrics reader, fed damaged copies of every golden input (cut, bytes flipped, junk
 * inserted), ends with records, problems or an IOException: never another exception, never a hang.
 */
class HostileInputTest {
    static Stream<Path> inputs() {
        return Stream.of("cloudwatch", "cloudwatch-malformed", "metrics", "metrics-malformed")
                .flatMap(GoldenFiles::cases);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inputs")
    void survivesDamagedCopies(Path input) throws IOException {
        byte[] content = inflated(input);
        Random random = new Random(input.getFileName().toString().hashCode());
        for (LogFormat format : FormatHarness.registry().formats()) {
            if (!format.name().startsWith("cloudwatch.") && !format.name().startsWith("metrics.")) {
                continue;
            }
            for (int round = 0; round < 40; round++) {
                drain(format, damaged(content, random));
            }
        }
    }

    private static void drain(LogFormat format, byte[] content) {
        long items = 0;
        try (EventReader reader = format.open(new ByteArrayInputStream(content), SourceContext.of("damaged"))) {
            ReadItem item;
            while ((item = reader.next()) != null) {
                items++;
                assertThat(items).as("items from %d bytes", content.length).isLessThan(content.length + 10L);
            }
        } catch (IOException streamBroke) {
            // the ingest quarantines the rest: allowed
        }
    }

    private static byte[] damaged(byte[] content, Random random) {
        byte[] copy = content.length == 0 ? new byte[] {'{'} : content.clone();
        switch (random.nextInt(4)) {
            case 0 -> copy = java.util.Arrays.copyOf(copy, random.nextInt(copy.length + 1));
            case 1 -> {
                for (int i = 0; i < 1 + copy.length / 50; i++) {
                    copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
                }
            }
            case 2 -> {
                int at = random.nextInt(copy.length);
                byte[] junk = new byte[1 + random.nextInt(20)];
                random.nextBytes(junk);
                byte[] joined = new byte[copy.length + junk.length];
                System.arraycopy(copy, 0, joined, 0, at);
                System.arraycopy(junk, 0, joined, at, junk.length);
                System.arraycopy(copy, at, joined, at + junk.length, copy.length - at);
                copy = joined;
            }
            default -> {
                for (int i = 0; i < 1 + copy.length / 100; i++) {
                    copy[random.nextInt(copy.length)] = (byte) "{}[]\",:\n\\".charAt(random.nextInt(9));
                }
            }
        }
        return copy;
    }

    private static byte[] inflated(Path input) throws IOException {
        try (InputStream raw = Files.newInputStream(input)) {
            return Decompression.open(raw, Files.size(input)).content().readAllBytes();
        }
    }
}
