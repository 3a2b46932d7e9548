package dev.cloudsift.core;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The first bytes of a file's decompressed content, with its path, for {@link LogFormat#sniff}.
 *
 * @param head      up to {@link #SIZE} bytes of content
 * @param complete  true when {@code head} is the whole content
 */
public record Sample(byte[] head, boolean complete, String path, PathHints hints) {
    /** How much content formats get to look at. */
    public static final int SIZE = 64 * 1024;

    public Sample {
        Objects.requireNonNull(head, "head");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(hints, "hints");
    }

    /** The head as text (UTF-8, malformed bytes replaced), without a leading byte-order mark. */
    public String text() {
        String text = new String(head, StandardCharsets.UTF_8);
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /** The head's text with leading white space removed. */
    public String trimmedText() {
        return text().stripLeading();
    }

    /** The first line of the head (without its line break). */
    public String firstLine() {
        String text = text();
        int end = text.indexOf('\n');
        String line = end < 0 ? text : text.substring(0, end);
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    /** The first non-white-space byte, or -1. */
    public int firstSignificantByte() {
        int start = head.length >= 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF ? 3 : 0;
        for (int i = start; i < head.length; i++) {
            byte b = head[i];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return b & 0xFF;
            }
        }
        return -1;
    }
}
