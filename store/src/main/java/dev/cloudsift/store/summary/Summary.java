package dev.cloudsift.store.summary;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A named aggregate of a case's rows that the catalogue keeps per date partition ({@code summary_<name>}), so a
 * command reads a few thousand rows instead of scanning every part. Rows of one date are derived from that date's
 * parts alone and rebuilt only when those parts change (see {@link Summaries}).
 *
 * @param name   lower-case identifier; the catalogue table is {@code summary_<name>}
 * @param tables the source tables whose parts the summary reads; empty for every table (a summary over {@code events})
 * @param select the SQL of the rows: its first column is {@code part_date}, it filters the rows it reads with the
 *               placeholder {@value #DATES} (a predicate on {@code part_date} that {@link Summaries} fills in), and
 *               what it computes for a date depends only on that date's rows (a window partitions by
 *               {@code part_date}). It may read the views of its tables, {@code events} and the ledger; not what
 *               changes without a part changing (findings, geoip, derived tables such as metric spikes).
 */
public record Summary(String name, String description, List<String> tables, String select) {
    /** Where the date predicate goes in {@link #select}. */
    public static final String DATES = "{dates}";
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");

    public Summary {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        tables = List.copyOf(tables);
        Objects.requireNonNull(select, "select");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("summary name must be a lower-case identifier: " + name);
        }
        if (!select.contains(DATES)) {
            throw new IllegalArgumentException("summary " + name + " must filter its rows with " + DATES);
        }
    }

    /** The catalogue table holding the rows. */
    public String table() {
        return "summary_" + name;
    }

    /** The select for the dates a predicate on {@code part_date} admits. */
    String select(String datePredicate) {
        return select.replace(DATES, datePredicate);
    }
}
