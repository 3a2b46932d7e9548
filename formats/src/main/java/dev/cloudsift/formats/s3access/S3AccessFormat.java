package dev.cloudsift.formats.s3access;

import dev.cloudsift.core.EventReader;
import dev.cloudsift.core.LogFormat;
import dev.cloudsift.core.Sample;
import dev.cloudsift.core.SourceContext;
import dev.cloudsift.core.TableSchema;
import java.io.InputStream;
import java.util.List;

/** Amazon S3 server access logs: space-delimited text files without extension, delivered to a log bucket. */
public final class S3AccessFormat implements LogFormat {
    @Override
    public String name() {
        return "s3access.text";
    }

    @Override
    public String description() {
        return "Amazon S3 server access logs (TargetPrefixYYYY-MM-DD-HH-MM-SS-ID or date-partitioned keys): space-delimited text";
    }

    @Override
    public List<TableSchema> tables() {
        return List.of(S3AccessTables.S3ACCESS);
    }

    /**
     * The first line opens with the bucket owner, the bucket and the bracketed time: {@code OWNER BUCKET [dd/Mon/yyyy:}.
     * Strong when the owner is a 64-hex canonical user id as AWS writes it; weak for other hex owners (test data
     * from other tools uses shorter ids).
     */
    @Override
    public int sniff(Sample sample) {
        String line = firstNonBlankLine(sample.text());
        int first = line.indexOf(' ');
        if (first < 16) {
            return NO;
        }
        for (int i = 0; i < first; i++) {
            char c = line.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return NO;
            }
        }
        int second = line.indexOf(' ', first + 1);
        if (second < 0 || second == first + 1 || !bracketedTime(line, second + 1)) {
            return NO;
        }
        return first == 64 ? STRONG : WEAK;
    }

    private static String firstNonBlankLine(String text) {
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            String line = text.substring(start, end).strip();
            if (!line.isEmpty()) {
                return line;
            }
            start = end + 1;
        }
        return "";
    }

    /** {@code [dd/Mon/yyyy:} at {@code start}. */
    private static boolean bracketedTime(String line, int start) {
        if (line.length() < start + 13) {
            return false;
        }
        String text = line.substring(start, start + 13);
        return text.charAt(0) == '[' && Character.isDigit(text.charAt(1)) && Character.isDigit(text.charAt(2))
                && text.charAt(3) == '/' && Character.isUpperCase(text.charAt(4)) && Character.isLowerCase(text.charAt(5))
                && Character.isLowerCase(text.charAt(6)) && text.charAt(7) == '/'
                && Character.isDigit(text.charAt(8)) && Character.isDigit(text.charAt(9))
                && Character.isDigit(text.charAt(10)) && Character.isDigit(text.charAt(11)) && text.charAt(12) == ':';
    }

    @Override
    public EventReader open(InputStream content, SourceContext context) {
        return new S3AccessReader(content, S3AccessPathHints.fromPath(context.path()));
    }
}
