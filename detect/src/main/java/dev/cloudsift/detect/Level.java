package dev.cloudsift.detect;

import java.util.Locale;

/** Sigma severity levels, lowest first. */
public enum Level {
    INFORMATIONAL, LOW, MEDIUM, HIGH, CRITICAL;

    public static Level parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown level '" + text
                    + "' (expected informational, low, medium, high or critical)");
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
