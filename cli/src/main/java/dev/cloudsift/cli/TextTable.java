package dev.cloudsift.cli;

import dev.cloudsift.core.TerminalText;
import java.io.PrintWriter;
import java.util.List;

/** An aligned text table of already-formatted cells; the first row is the header. */
final class TextTable {
    private TextTable() {}

    static void print(List<String[]> rows, PrintWriter out, int maxCell) {
        if (rows.isEmpty()) {
            return;
        }
        int columns = rows.get(0).length;
        int[] widths = new int[columns];
        String[][] cells = new String[rows.size()][];
        for (int r = 0; r < rows.size(); r++) {
            cells[r] = new String[columns];
            for (int c = 0; c < columns; c++) {
                String cell = TerminalText.clean(rows.get(r)[c] == null ? "" : rows.get(r)[c], maxCell);
                cells[r][c] = cell;
                widths[c] = Math.max(widths[c], cell.codePointCount(0, cell.length()));
            }
        }
        for (int r = 0; r < cells.length; r++) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < columns; c++) {
                String cell = cells[r][c];
                line.append(c == 0 ? "" : "  ").append(cell)
                        .append(" ".repeat(Math.max(0, widths[c] - cell.codePointCount(0, cell.length()))));
            }
            out.println(line.toString().stripTrailing());
            if (r == 0) {
                StringBuilder rule = new StringBuilder();
                for (int c = 0; c < columns; c++) {
                    rule.append(c == 0 ? "" : "  ").append("-".repeat(widths[c]));
                }
                out.println(rule);
            }
        }
    }
}
