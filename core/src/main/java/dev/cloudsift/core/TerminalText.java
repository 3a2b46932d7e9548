package dev.cloudsift.core;

/** Makes log-derived text safe to print: no terminal control sequences, bounded length. */
public final class TerminalText {
    private TerminalText() {}

    /** Replaces control characters (ESC, C0, C1, DEL) with visible escapes and cuts to {@code maxChars}. */
    public static String clean(String text, int maxChars) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), maxChars + 8));
        for (int i = 0; i < text.length(); i++) {
            if (out.length() >= maxChars) {
                out.setLength(Math.max(0, maxChars - 1));
                out.append('…');
                break;
            }
            char c = text.charAt(i);
            if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\t') {
                out.append("\\t");
            } else if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0) || isBidiControl(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * The Unicode bidirectional controls (ALM, LRM, RLM, the embeddings, overrides and isolates) and the line and
     * paragraph separators: they reorder or break what is displayed, so a value could read as something else.
     */
    public static boolean isBidiControl(char c) {
        return c == '\u061C' || c == '\u200E' || c == '\u200F' || (c >= '\u202A' && c <= '\u202E')
                || (c >= '\u2066' && c <= '\u2069') || c == '\u2028' || c == '\u2029';
    }

    public static String clean(String text) {
        return clean(text, Integer.MAX_VALUE - 16);
    }
}
