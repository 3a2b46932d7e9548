package dev.cloudsift.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class ResultPrinterTest {
    /** ESC with an OSC title, BEL, a C1 CSI, CR, backspace, RLO and an isolate: all once in one cell. */
    private static final String HOSTILE_SQL = "SELECT '=cmd' || chr(27) || ']0;pwned' || chr(7) || chr(155) || '31m'"
            + " || chr(13) || chr(8) || chr(8238) || chr(8295) || 'gpj.exe' AS cell";

    private static String print(OutputFormat format, boolean terminal) throws Exception {
        StringWriter text = new StringWriter();
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(HOSTILE_SQL)) {
            new ResultPrinter(format, new PrintWriter(text), terminal).print(result);
        }
        return text.toString();
    }

    @Test
    void csvOnATerminalShowsControlAndBidiCharactersAsEscapes() throws Exception {
        String out = print(OutputFormat.CSV, true);

        assertThat(out.codePoints().filter(c -> c < 0x20 && c != '\n' || c >= 0x7F && c < 0xA0
                || c == 0x202E || c == 0x2067)).isEmpty();
        assertThat(out).contains("'=cmd\\u001b]0;pwned\\u0007\\u009b31m\\r\\u0008\\u202e\\u2067gpj.exe");
    }

    @Test
    void csvToAFileKeepsTheExactValueExceptTheFormula() throws Exception {
        String out = print(OutputFormat.CSV, false);

        assertThat(out).contains("'=cmd\u001b]0;pwned\u0007\u009b31m\r\b\u202E\u2067gpj.exe");
    }

    @Test
    void jsonOnATerminalEscapesEverythingBeyondAscii() throws Exception {
        String out = print(OutputFormat.JSONL, true);

        assertThat(out).doesNotContain("\u202E").doesNotContain("\u009b").contains("\\u202E");
    }
}
