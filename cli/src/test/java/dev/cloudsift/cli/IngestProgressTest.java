package dev.cloudsift.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IngestProgressTest {
    @Test
    void bytesAreShownInAUnitThatDoesNotRoundThemToZero() {
        assertThat(IngestProgress.bytes(0)).isEqualTo("0 B");
        assertThat(IngestProgress.bytes(812)).isEqualTo("812 B");
        assertThat(IngestProgress.bytes(300 * 1024)).isEqualTo("300 KiB");
        assertThat(IngestProgress.bytes(47_395_635)).isEqualTo("45 MiB");
        assertThat(IngestProgress.bytes(5L << 30)).isEqualTo("5.0 GiB");
    }
}
