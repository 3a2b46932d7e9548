package dev.cloudsift.core;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The first bytes of a file's decompressed content, with its path, for {@link LogFormat#sniff}.
 *
 * {@code head} holds up to {@link #SIZE} bytes of content; {@code complete} is true when that is the whole content.
 */
public final class Sample {
    /** How much content formats get to look at. */
    public static final int SIZE = 64 * 1024;

    private final byte[] head;
    private final boolean complete;
    private final String path;
    private final PathHints hints;
    /** Every format sniffs the same sample: decode it once. */
    private String text;
    private String firstLine;
    private static final int UNKNOWN = -2;
    private int firstSignificantByte = UNKNOWN;
    private final Map<String, Object> derived = new HashMap<>(4);

    public Sample(byte[] head, boolean complete, String path, PathHints hints) {
        this.head = Objects.requireNonNull(head, "head");
        this.complete = complete;
        this.path = Objects.requireNonNull(path, "path");
        this.hints = Objects.requireNonNull(hints, "hints");
    }

    public byte[] head() {
        return head;
    }

    public boolean complete() {
        return complete;
    }

    public String path() {
        return path;
    }

    public PathHints hints() {
        return hints;
    }

    /** The head as text (UTF-8, malformed bytes replaced), without a leading byte-order mark. */
    public String text() {
        String decoded = text;
        if (decoded == null) {
            decoded = new String(head, StandardCharsets.UTF_8);
            decoded = decoded.startsWith("\uFEFF") ? decoded.substring(1) : decoded;
            text = decoded;
        }
        return decoded;
    }

    /**
     * Something worked out from the sample that several formats need (e.g. its top-level JSON fields), computed
     * by the first that asks and shared with the others. Samples belong to one thread.
     */
    public <T> T derived(String key, Class<T> type, Function<Sample, T> compute) {
        Object value = derived.get(key);
        if (value == null) {
            value = compute.apply(this);
            derived.put(key, value);
        }
        return type.cast(value);
    }

    /** The head's text with leading white space removed. */
    public String trimmedText() {
        return text().stripLeading();
    }

    /** The first line of the head (without its line break). */
    public String firstLine() {
        String line = firstLine;
        if (line == null) {
            line = text != null ? firstLineOf(text) : firstLineOfBytes();
            firstLine = line;
        }
        return line;
    }

    private static String firstLineOf(String text) {
        int end = text.indexOf('\n');
        String line = end < 0 ? text : text.substring(0, end);
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    /**
     * The first line decoded alone, so a format that reads only the header of a line format need not decode the whole
     * head. A newline byte is never part of a multi-byte UTF-8 sequence, so this is exactly the first line of
     * {@link #text()}.
     */
    private String firstLineOfBytes() {
        int start = hasByteOrderMark() ? 3 : 0;
        int end = start;
        while (end < head.length && head[end] != '\n') {
            end++;
        }
        if (end == head.length) {
            return firstLineOf(text());
        }
        if (end > start && head[end - 1] == '\r') {
            end--;
        }
        return new String(head, start, end - start, StandardCharsets.UTF_8);
    }

    private boolean hasByteOrderMark() {
        return head.length >= 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF;
    }

    /** The first non-white-space byte, or -1. */
    public int firstSignificantByte() {
        int found = firstSignificantByte;
        if (found == UNKNOWN) {
            found = -1;
            for (int i = hasByteOrderMark() ? 3 : 0; i < head.length; i++) {
                byte b = head[i];
                if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                    found = b & 0xFF;
                    break;
                }
            }
            firstSignificantByte = found;
        }
        return found;
    }
}
