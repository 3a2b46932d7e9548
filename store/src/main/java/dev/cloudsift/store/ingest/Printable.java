package dev.cloudsift.store.ingest;

import java.nio.charset.StandardCharsets;

/** Shows untrusted bytes in a message without control characters or unbounded length. */
final class Printable {
    private Printable() {}

    static String quote(byte[] bytes, int maxChars) {
        String text = new String(bytes, 0, Math.min(bytes.length, maxChars * 4), StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder("\"");
        int shown = 0;
        for (int i = 0; i < text.length() && shown < maxChars; i++, shown++) {
            char c = text.charAt(i);
            if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\t') {
                out.append("\\t");
            } else if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0) || c == '\uFFFD') {
                out.append(String.format("\\x%02x", (int) c & 0xFF));
            } else {
                out.append(c);
            }
        }
        out.append('"');
        if (text.length() > maxChars) {
            out.append("...");
        }
        return out.toString();
    }
}
