package dev.cloudsift.detect;

/** SQL literals and identifiers built from rule text: the only place rule values enter SQL. */
final class SqlText {
    private SqlText() {}

    /**
     * A single-quoted string literal. DuckDB standard strings give backslashes no meaning, so doubling quotes is
     * the complete escape; NUL cannot be written into a literal at all and is refused (such values go to Java).
     */
    static String literal(String value) {
        if (!representable(value)) {
            throw new IllegalArgumentException("NUL in SQL literal");
        }
        return "'" + value.replace("'", "''") + "'";
    }

    static boolean representable(String value) {
        return value.indexOf('\0') < 0;
    }

    /** A double-quoted identifier (column and table names come from our mapping files, still quoted). */
    static String identifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    static String number(double value) {
        if (Double.isInfinite(value) || Double.isNaN(value)) {
            throw new IllegalArgumentException("not a finite number: " + value);
        }
        return "CAST(" + value + " AS DOUBLE)";
    }
}
