package dev.cloudsift.formats.alb;

import dev.cloudsift.core.Nullable;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits an Elastic Load Balancing access log line: fields separated by single spaces, some wrapped in double
 * quotes, inside which the load balancer escapes {@code "} and {@code \} with a backslash. This is not CSV (no
 * doubled quotes, backslash escapes, a closing quote must be followed by a space), so no CSV parser fits it.
 */
final class ElbLineTokenizer {
    private ElbLineTokenizer() {}

    /** What went wrong, for the quarantine reason. */
    static final class TokenizeException extends Exception {
        private static final long serialVersionUID = 1L;

        TokenizeException(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * The fields of a line, quotes removed and escapes resolved.
     *
     * @throws TokenizeException for an unterminated quote, a quote glued to the next field, or more than
     *                           {@code maxFields} fields
     */
    static List<String> split(String line, int maxFields) throws TokenizeException {
        List<String> fields = new ArrayList<>(40);
        int length = line.length();
        int i = 0;
        while (i < length) {
            if (fields.size() == maxFields) {
                throw new TokenizeException("more than " + maxFields + " fields");
            }
            char c = line.charAt(i);
            if (c == '"') {
                StringBuilder value = new StringBuilder();
                int start = i;
                i++;
                boolean closed = false;
                while (i < length) {
                    char d = line.charAt(i);
                    if (d == '\\' && i + 1 < length && (line.charAt(i + 1) == '"' || line.charAt(i + 1) == '\\')) {
                        value.append(line.charAt(i + 1));
                        i += 2;
                    } else if (d == '"') {
                        closed = true;
                        i++;
                        break;
                    } else {
                        value.append(d);
                        i++;
                    }
                }
                if (!closed) {
                    throw new TokenizeException("quoted field opened at character " + (start + 1) + " is never closed");
                }
                if (i < length && line.charAt(i) != ' ') {
                    throw new TokenizeException("quoted field closed at character " + i + " is followed by '"
                            + line.charAt(i) + "' instead of a space");
                }
                fields.add(value.toString());
                i++;
            } else if (c == ' ') {
                // Two spaces in a row: an empty unquoted field never occurs in ELB logs, so skip the extra space.
                i++;
            } else {
                int end = line.indexOf(' ', i);
                if (end < 0) {
                    end = length;
                }
                fields.add(line.substring(i, end));
                i = end + 1;
            }
        }
        return fields;
    }

    /** The field, or null for {@code -} and for fields past the end of an older, shorter line. */
    static @Nullable String value(List<String> fields, int index) {
        if (index >= fields.size()) {
            return null;
        }
        String value = fields.get(index);
        return value.equals("-") ? null : value;
    }
}
