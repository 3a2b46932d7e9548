package dev.cloudsift.cli.output;

import dev.cloudsift.core.TerminalText;

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

    /**
     * A cell as written: formulas neutralised always; on a terminal also control characters, C1 and bidi controls
     * shown as visible escapes, since a file keeps the exact value but a terminal would obey them.
     */
    public static String cell(String value, boolean terminal) {
        String neutral = neutralise(value);
        return terminal && neutral != null ? TerminalText.clean(neutral) : neutral;
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
