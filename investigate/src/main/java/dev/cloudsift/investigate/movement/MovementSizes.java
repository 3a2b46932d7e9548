package dev.cloudsift.investigate.movement;

import java.util.Locale;

/** Byte counts as people read them: exact with thousands separators, and in binary units beside. */
public final class MovementSizes {
    private MovementSizes() {}

    /** {@code 3,200,000,000 bytes (3.0 GiB)}; exact first, since totals are compared to the byte. */
    public static String bytes(Long bytes) {
        if (bytes == null) {
            return "-";
        }
        String exact = String.format(Locale.ROOT, "%,d bytes", bytes);
        return bytes < 1024 ? exact : exact + " (" + human(bytes) + ")";
    }

    /** {@code 3.0 GiB}, {@code 7.1 KiB}, {@code 300 B}. */
    public static String human(long bytes) {
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    /** {@code 3,200,000,000}. */
    public static String exact(long bytes) {
        return String.format(Locale.ROOT, "%,d", bytes);
    }
}
