package dev.cloudsift.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The registry's choice of a format, and which sniffers it spares. */
class FormatRegistryTest {
    /** A format that scores every sample alike and records that it was asked. */
    private record Fixed(String name, int score, int highestScore, List<String> asked) implements LogFormat {
        @Override
        public String description() {
            return name;
        }

        @Override
        public List<TableSchema> tables() {
            return List.of();
        }

        @Override
        public int sniff(Sample sample) {
            asked.add(name);
            return score;
        }

        @Override
        public EventReader open(InputStream content, SourceContext context) {
            throw new UnsupportedOperationException();
        }
    }

    private static Sample sample() {
        return new Sample("x".getBytes(StandardCharsets.US_ASCII), true, "x.log", PathHints.NONE);
    }

    @Test
    void stopsAskingOnceAFormatScoresWhatNoLaterOneCanBeat() {
        List<String> asked = new ArrayList<>();
        FormatRegistry registry = new FormatRegistry(List.of(new Fixed("a", LogFormat.WEAK, LogFormat.STRONG, asked),
                new Fixed("b", LogFormat.STRONG, LogFormat.STRONG, asked),
                new Fixed("c", LogFormat.STRONG, LogFormat.STRONG, asked)));

        assertThat(registry.sniff(sample())).map(LogFormat::name).contains("b");
        assertThat(asked).containsExactly("a", "b");
    }

    @Test
    void asksAFormatThatMayScoreAboveStrongFirst() {
        List<String> asked = new ArrayList<>();
        FormatRegistry registry = new FormatRegistry(List.of(new Fixed("a", LogFormat.STRONG, LogFormat.STRONG, asked),
                new Fixed("b", LogFormat.STRONG + 10, LogFormat.STRONG + 10, asked),
                new Fixed("c", LogFormat.STRONG, LogFormat.STRONG, asked)));

        assertThat(registry.sniff(sample())).map(LogFormat::name).contains("b");
        assertThat(asked).containsExactly("b");
    }

    @Test
    void givesATieToTheFirstByNameThoughALaterOneWasAskedFirst() {
        List<String> asked = new ArrayList<>();
        FormatRegistry registry = new FormatRegistry(List.of(new Fixed("a", LogFormat.STRONG, LogFormat.STRONG, asked),
                new Fixed("b", LogFormat.STRONG, LogFormat.STRONG + 10, asked)));

        assertThat(registry.sniff(sample())).map(LogFormat::name).contains("a");
        assertThat(asked).containsExactly("b", "a");
    }

    @Test
    void claimsNothingWhenEveryFormatSaysNo() {
        List<String> asked = new ArrayList<>();
        FormatRegistry registry = new FormatRegistry(List.of(new Fixed("a", LogFormat.NO, LogFormat.STRONG, asked),
                new Fixed("b", LogFormat.NO, LogFormat.STRONG, asked)));

        assertThat(registry.sniff(sample())).isEmpty();
        assertThat(asked).containsExactly("a", "b");
    }
}
