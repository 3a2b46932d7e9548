package dev.cloudsift.formats.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudsift.core.Utf8Slice;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RecordingInputStreamTest {
    @Test
    void anAsciiCellKeepsItsBytesWhileTheStreamReadsOnAndDropsThem() throws IOException {
        byte[] content = new byte[2 * 1024 * 1024];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) ('a' + i % 26);
        }
        try (RecordingInputStream input = new RecordingInputStream(new ByteArrayInputStream(content))) {
            input.keepFrom(0);
            readSome(input, 100);
            Object cell = input.cell(10, 40);
            assertThat(cell).isInstanceOf(Utf8Slice.class);
            String before = cell.toString();
            input.keepNothing();
            input.transferTo(java.io.OutputStream.nullOutputStream());
            assertThat(input.text(10, 40)).isNull();
            assertThat(cell.toString()).isEqualTo(before).isEqualTo(new String(content, 10, 30, StandardCharsets.US_ASCII));
        }
    }

    @Test
    void aPlainStringIsItsOwnBytesAndAnyOtherIsLeftToTheDecoder() {
        byte[] content = "[\"TLSv1.3\",\"a\\u0041\",\"caf\u00e9\",\"\",\"open".getBytes(StandardCharsets.UTF_8);
        Utf8Slice plain = RecordingInputStream.plainString(content, 1, content.length);
        assertThat(plain).isNotNull();
        assertThat(plain.array()).isSameAs(content);
        assertThat(plain.toString()).isEqualTo("TLSv1.3");
        assertThat(RecordingInputStream.plainString(content, 11, content.length)).as("an escape").isNull();
        assertThat(RecordingInputStream.plainString(content, 21, content.length)).as("beyond ASCII").isNull();
        assertThat(RecordingInputStream.plainString(content, 29, content.length).toString()).isEmpty();
        assertThat(RecordingInputStream.plainString(content, 32, content.length)).as("not closed").isNull();
        assertThat(RecordingInputStream.plainString(content, 0, content.length)).as("not a quote").isNull();
    }

    @Test
    void wholeContentIsHeldWithoutCopyingAndReadingItGivesNothingMore() throws IOException {
        byte[] content = "[{\"a\":1},{\"b\":2}]....".getBytes(StandardCharsets.US_ASCII);
        int length = content.length - 4;
        try (RecordingInputStream input = RecordingInputStream.holding(content, length)) {
            input.keepNothing();
            assertThat(input.read()).isEqualTo(-1);
            assertThat(input.end()).isEqualTo(length);
            Utf8Slice cell = (Utf8Slice) input.cell(1, 8);
            assertThat(cell.array()).isSameAs(content);
            assertThat(cell.toString()).isEqualTo("{\"a\":1}");
            assertThat(input.cell(1, length + 1)).as("past the content").isNull();
            assertThat(input.remainderFrom(8).readAllBytes()).isEqualTo(",{\"b\":2}]".getBytes(StandardCharsets.US_ASCII));
        }
    }

    @Test
    void aCellWithBytesBeyondAsciiIsDecodedTextAsTheTextOfThoseBytes() throws IOException {
        byte[] content = "{\"n\":\"caf\u00e9\"} \u00ff".getBytes(StandardCharsets.UTF_8);
        content[content.length - 1] = (byte) 0xC3; // a sequence cut short: never handed on as raw bytes
        try (RecordingInputStream input = new RecordingInputStream(new ByteArrayInputStream(content))) {
            input.keepFrom(0);
            readSome(input, content.length);
            assertThat(input.cell(0, content.length - 3)).isEqualTo("{\"n\":\"caf\u00e9\"}");
            assertThat(input.cell(content.length - 3, content.length)).isInstanceOf(String.class)
                    .isEqualTo(input.text(content.length - 3, content.length));
        }
    }

    private static void readSome(InputStream input, int count) throws IOException {
        byte[] sink = new byte[count];
        int read = 0;
        while (read < count) {
            int n = input.read(sink, read, count - read);
            if (n < 0) {
                break;
            }
            read += n;
        }
    }
}
