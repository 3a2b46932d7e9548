package dev.cloudsift.cli.output;

/** Neutralises spreadsheet formulas in CSV cells: log content must never run in the analyst's spreadsheet. */
public final class CsvCells {
    private CsvCells() {}

    /** Prefixes a quote to cells a spreadsheet would treat as a formula (= + - @, tab, carriage return). */
    public static String neutralise(String value) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        char first = value.charAt(0);
        if (first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r'
                || first == '\uFF1D' || first == '\uFF0B' || first == '\uFF0D' || first == '\uFF20') {
            if (first == '-' && isNumber(value)) {
                return value;
            }
            return "'" + value;
        }
        return value;
    }

    private static boolean isNumber(String value) {
        try {
            Double.parseDouble(value);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
