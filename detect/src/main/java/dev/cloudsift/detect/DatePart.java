package dev.cloudsift.detect;

import java.time.LocalDateTime;
import java.time.temporal.IsoFields;
import java.util.Locale;

/** The parts of a timestamp Sigma's time modifiers read, in SQL and in Java alike (weeks are ISO weeks). */
enum DatePart {
    MINUTE(0, 59), HOUR(0, 23), DAY(1, 31), WEEK(1, 53), MONTH(1, 12), YEAR(1000, 9999);

    final int min;
    final int max;

    DatePart(int min, int max) {
        this.min = min;
        this.max = max;
    }

    /** The modifier name ({@code hour}). */
    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** DuckDB's function of the same name; {@code week} is the ISO week there as here. */
    String sql(String timestamp) {
        return label() + "(" + timestamp + ")";
    }

    int of(LocalDateTime utc) {
        return switch (this) {
            case MINUTE -> utc.getMinute();
            case HOUR -> utc.getHour();
            case DAY -> utc.getDayOfMonth();
            case WEEK -> utc.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
            case MONTH -> utc.getMonthValue();
            case YEAR -> utc.getYear();
        };
    }

    static DatePart of(String modifier) {
        for (DatePart part : values()) {
            if (part.label().equals(modifier)) {
                return part;
            }
        }
        return null;
    }
}
