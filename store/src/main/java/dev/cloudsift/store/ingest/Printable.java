package dev.cloudsift.store.ingest;

import dev.cloudsift.core.TerminalText;
import java.nio.charset.StandardCharsets;

/** Shows the first bytes of an unrecognised file in a message: decoded, control characters escaped, bounded. */
final class Printable {
    private Printable() {}

    static String quote(byte[] bytes, int maxChars) {
        String text = new String(bytes, 0, Math.min(bytes.length, maxChars * 4), StandardCharsets.UTF_8);
        String shown = TerminalText.clean(text, maxChars + 1);
        return "\"" + (shown.length() > maxChars ? shown.substring(0, maxChars) + "\"..." : shown + "\"");
    }
}
