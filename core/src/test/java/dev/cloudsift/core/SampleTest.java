package dev.cloudsift.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The facts a sample works out once for every sniffer. */
class SampleTest {
    private static Sample sample(byte[] head, boolean complete) {
        return new Sample(head, complete, "x", PathHints.NONE);
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    @Test
    void firstLineDecodedAloneIsTheFirstLineOfTheWholeText() {
        byte[][] heads = {
            bytes(0xEF, 0xBB, 0xBF, 'a', '\r', '\n', 'b'),
            bytes('a', 0xE2, 0x82, '\n', 'b'), // a cut multi-byte character just before the line break
            bytes(0xC3, 0xA9, 't', 0xC3, 0xA9, '\n'),
            bytes('\n', 'x'),
            bytes('n', 'o', ' ', 'b', 'r', 'e', 'a', 'k'),
            bytes(0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF, 'a', '\n'),
        };
        for (byte[] head : heads) {
            String text = sample(head, true).text();
            int end = text.indexOf('\n');
            String expected = (end < 0 ? text : text.substring(0, end)).replaceFirst("\r$", "");

            assertThat(sample(head, true).firstLine()).isEqualTo(expected);
        }
    }

    @Test
    void firstSignificantByteSkipsTheByteOrderMarkAndWhiteSpace() {
        assertThat(sample(bytes(0xEF, 0xBB, 0xBF, ' ', '\n', '{'), true).firstSignificantByte()).isEqualTo('{');
        assertThat(sample(bytes(' ', '\t'), true).firstSignificantByte()).isEqualTo(-1);
    }
}
