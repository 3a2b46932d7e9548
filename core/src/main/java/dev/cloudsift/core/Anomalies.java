package dev.cloudsift.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The names of what can be odd about a stored record ({@link LogRecord#anomalies()}), and their bounds: a record
 * is stored whatever it holds, and its anomalies say what an analyst should not take at face value.
 */
public final class Anomalies {
    /** The record carries no usable time of its own; it is stored without one. */
    public static final String NO_TIME = "no_time";
    /** The record's time is kept as written, but no AWS log of this era can carry it (year 0000, 9999, ...). */
    public static final String TIME_OUT_OF_RANGE = "time_out_of_range";
    /** Prefix of {@code duplicate_key:<path>}: a JSON object names a key twice; the last value was read. */
    public static final String DUPLICATE_KEY = "duplicate_key:";

    /** Earliest plausible event time: before AWS existed (2006) no AWS log was written; 2000 leaves room for clocks. */
    public static final Instant PLAUSIBLE_FROM = Instant.parse("2000-01-01T00:00:00Z");
    /** Latest plausible event time. */
    public static final Instant PLAUSIBLE_TO = Instant.parse("2100-01-01T00:00:00Z");

    /** At most this many anomalies are kept per record (a hostile record may repeat every key). */
    static final int MAX_PER_RECORD = 16;
    /** A key name in {@code duplicate_key:} is cut to this many characters. */
    static final int MAX_NAME_CHARS = 100;

    private Anomalies() {}

    /** True for a time no AWS log can carry; null is not out of range (it is {@link #NO_TIME}). */
    public static boolean outOfRange(@Nullable Instant time) {
        return time != null && (time.isBefore(PLAUSIBLE_FROM) || !time.isBefore(PLAUSIBLE_TO));
    }

    /**
     * {@code duplicate_key:<path>} for a key named twice at {@code path} (dotted from the record); the path comes
     * from the file, so control characters become {@code ?} and it is cut to {@link #MAX_NAME_CHARS}.
     */
    public static String duplicateKey(String path) {
        StringBuilder clean = new StringBuilder(Math.min(path.length(), MAX_NAME_CHARS) + DUPLICATE_KEY.length());
        clean.append(DUPLICATE_KEY);
        int end = Math.min(path.length(), MAX_NAME_CHARS);
        for (int i = 0; i < end; i++) {
            char c = path.charAt(i);
            clean.append(Character.isISOControl(c) || Character.isSurrogate(c) ? '?' : c);
        }
        if (path.length() > MAX_NAME_CHARS) {
            clean.append('…');
        }
        return clean.toString();
    }

    static List<String> bounded(List<String> anomalies) {
        if (anomalies.size() <= MAX_PER_RECORD) {
            return List.copyOf(anomalies);
        }
        List<String> kept = new ArrayList<>(anomalies.subList(0, MAX_PER_RECORD - 1));
        kept.add("more_anomalies:" + (anomalies.size() - MAX_PER_RECORD + 1));
        return List.copyOf(kept);
    }
}
