package dev.cloudsift.core;

/**
 * Unsigned decimal numbers read in place from a line's text or bytes, as the hot paths of the line formats do:
 * no substring, no boxed value, no exception for a field that is not a number.
 */
public final class DecimalDigits {
    /** The most digits {@link #parse} reads: eighteen always fit in a {@code long}. */
    public static final int MAX = 18;

    private DecimalDigits() {}

    /**
     * The value of {@code text[from, to)} when it is one to {@code maxDigits} (at most {@link #MAX}) ASCII digits,
     * else -1.
     */
    public static long parse(CharSequence text, int from, int to, int maxDigits) {
        int length = to - from;
        if (length <= 0 || length > Math.min(maxDigits, MAX)) {
            return -1;
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** As {@link #parse(CharSequence, int, int, int)}, over bytes. */
    public static long parse(byte[] bytes, int from, int to, int maxDigits) {
        int length = to - from;
        if (length <= 0 || length > Math.min(maxDigits, MAX)) {
            return -1;
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            int c = bytes[i];
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** The value of the fixed-width field {@code text[from, to)} of a time (at most nine digits), or -1. */
    public static int field(CharSequence text, int from, int to) {
        return (int) parse(text, from, to, 9);
    }
}
