package dev.cloudsift.acquire;

import dev.cloudsift.core.Nullable;
import java.time.DateTimeException;
import java.time.LocalDate;

/**
 * The day an AWS log object's key names: .../YYYY/MM/DD/... (CloudTrail, VPC flow, ALB, WAF, Config,
 * partitioned S3 access logs), year=YYYY/month=MM/day=DD (Hive-style flow logs) or a file name starting
 * YYYY-MM-DD-HH-MM-SS (simple S3 access log keys).
 */
public final class KeyDates {
    private KeyDates() {}

    public static @Nullable LocalDate dayOf(String key) {
        String[] segments = key.split("/");
        for (int i = 0; i + 2 < segments.length; i++) {
            if (isDigits(segments[i], 4) && isDigits(segments[i + 1], 2) && isDigits(segments[i + 2], 2)) {
                LocalDate day = date(segments[i], segments[i + 1], segments[i + 2]);
                if (day != null) {
                    return day;
                }
            }
            if (segments[i].startsWith("year=") && segments[i + 1].startsWith("month=") && segments[i + 2].startsWith("day=")) {
                LocalDate day = date(segments[i].substring(5), segments[i + 1].substring(6), segments[i + 2].substring(4));
                if (day != null) {
                    return day;
                }
            }
        }
        String name = segments[segments.length - 1];
        if (name.length() >= 20 && name.charAt(4) == '-' && name.charAt(7) == '-' && name.charAt(10) == '-'
                && isDigits(name.substring(0, 4), 4) && isDigits(name.substring(5, 7), 2) && isDigits(name.substring(8, 10), 2)) {
            return date(name.substring(0, 4), name.substring(5, 7), name.substring(8, 10));
        }
        return null;
    }

    private static boolean isDigits(String text, int length) {
        if (text.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static @Nullable LocalDate date(String year, String month, String day) {
        try {
            return LocalDate.of(Integer.parseInt(year), Integer.parseInt(month), Integer.parseInt(day));
        } catch (NumberFormatException | DateTimeException e) {
            return null;
        }
    }
}
