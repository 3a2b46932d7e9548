package dev.cloudsift.formats.lines;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BoundedLineReaderTest {
    @Test
    void aWordIsPrintableOnlyWhenEachOfItsBytesIs() {
        for (int position = 0; position < 8; position++) {
            for (int value = 0; value < 256; value++) {
                byte[] bytes = "abcdefgh".getBytes(StandardCharsets.US_ASCII);
                bytes[position] = (byte) value;
                long word = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
                assertThat(BoundedLineReader.printable(word)).as("byte 0x%02X at %d", value, position)
                        .isEqualTo(value >= 0x20 && value <= 0x7E);
            }
        }
    }

    @Test
    void findsLinesControlBytesAndAsciiLinesWhateverTheirBytesAndTheReadsThatDeliverThem() throws IOException {
        Random random = new Random(12);
        byte[] alphabet = "abc XYZ-09:\t\r\u0001\u007f".getBytes(StandardCharsets.ISO_8859_1);
        for (int round = 0; round < 300; round++) {
            List<byte[]> lines = new ArrayList<>();
            java.io.ByteArrayOutputStream content = new java.io.ByteArrayOutputStream();
            int count = 1 + random.nextInt(6);
            for (int i = 0; i < count; i++) {
                byte[] line = new byte[random.nextInt(40)];
                for (int j = 0; j < line.length; j++) {
                    int pick = random.nextInt(alphabet.length + 2);
                    line[j] = pick < alphabet.length ? alphabet[pick] : (byte) (pick == alphabet.length ? 0xC3 : 0xA9);
                }
                lines.add(line);
                content.write(line, 0, line.length);
                content.write('\n');
            }
            BoundedLineReader reader = new BoundedLineReader(new Trickle(content.toByteArray(), random), 1024);
            for (byte[] expected : lines) {
                BoundedLineReader.Line line = reader.next();
                assertThat(line).isNotNull();
                int textLength = expected.length > 0 && expected[expected.length - 1] == '\r' ? expected.length - 1 : expected.length;
                byte[] text = Arrays.copyOf(expected, textLength);
                boolean control = false;
                boolean ascii = true;
                for (byte b : text) {
                    control |= (b >= 0 && b < 0x20 && b != '\t' && b != '\r') || b == 0x7F;
                    ascii &= b >= 0;
                }
                assertThat(line.controlBytes()).isEqualTo(control);
                assertThat(reader.lastLineBytes()).isEqualTo(expected);
                assertThat(reader.lastLineAsciiBytes()).isEqualTo(ascii ? text : null);
                String decoded = new String(text, StandardCharsets.UTF_8);
                assertThat(line.text()).isEqualTo(line.number() == 1 && decoded.startsWith("\uFEFF") ? decoded.substring(1) : decoded);
            }
            assertThat(reader.next()).isNull();
        }
    }

    /** Hands its bytes over in reads of random size, so lines and words straddle buffer fills. */
    private static final class Trickle extends InputStream {
        private final ByteArrayInputStream in;
        private final Random random;

        Trickle(byte[] bytes, Random random) {
            this.in = new ByteArrayInputStream(bytes);
            this.random = random;
        }

        @Override
        public int read() {
            return in.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            return in.read(buffer, offset, Math.min(length, 1 + random.nextInt(23)));
        }
    }
}
