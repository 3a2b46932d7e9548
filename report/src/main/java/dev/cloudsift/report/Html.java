package dev.cloudsift.report;

import dev.cloudsift.core.TerminalText;

/**
 * The one place log-derived text becomes HTML. Every string that came from a log, a file name or the case goes
 * through {@link #text} (element content and quoted attribute values alike) or, inside a script block, through
 * {@link #scriptJson}; nothing untrusted is concatenated into markup any other way.
 */
public final class Html {
    private Html() {}

    /**
     * Escapes {@code & < > " '} so the text shows literally in element content and in quoted attributes; control
     * characters (but tab and line ends), C1 controls and the bidirectional controls are shown as visible
     * {@code \u202e}-style escapes, so a right-to-left override cannot make a name read as another.
     */
    public static String text(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder out = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            String replacement = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                case '\u0000' -> "\uFFFD";
                default -> visible(c);
            };
            if (replacement != null) {
                if (out == null) {
                    out = new StringBuilder(value.length() + 16).append(value, 0, i);
                }
                out.append(replacement);
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? value : out.toString();
    }

    private static String visible(char c) {
        boolean control = (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7F && c < 0xA0);
        return control || TerminalText.isBidiControl(c) ? String.format("\\u%04x", (int) c) : null;
    }

    /**
     * Makes JSON text safe inside {@code <script type="application/json">}: {@code <}, {@code >} and {@code &} become
     * unicode escapes (so no {@code </script>} or comment opener can end the block) and so do U+2028/U+2029, which
     * older JavaScript parsers treat as line ends. The JSON still parses to the same value.
     */
    public static String scriptJson(String json) {
        StringBuilder out = new StringBuilder(json.length() + 16);
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            switch (c) {
                case '<' -> out.append("\\u003c");
                case '>' -> out.append("\\u003e");
                case '&' -> out.append("\\u0026");
                case '\u2028' -> out.append("\\u2028");
                case '\u2029' -> out.append("\\u2029");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
