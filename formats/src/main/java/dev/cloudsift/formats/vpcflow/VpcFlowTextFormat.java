package dev.cloudsift.formats.vpcflow;

import dev.cloudsift.core.EventReader;
import dev.cloudsift.core.LogFormat;
import dev.cloudsift.core.Sample;
import dev.cloudsift.core.SourceContext;
import dev.cloudsift.core.TableSchema;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * VPC (and Transit Gateway) flow logs as text: S3 objects whose first line names the fields, or header-less
 * records in the default or a standard layout. Option {@value #FORMAT_OPTION} gives the layout of header-less
 * files in any other custom format.
 */
public final class VpcFlowTextFormat implements LogFormat {
    /** Option holding the flow log's format string, {@code ${version} ${account-id} ...}. */
    public static final String FORMAT_OPTION = "vpcflow.format";

    @Override
    public String name() {
        return "vpcflow.text";
    }

    @Override
    public String description() {
        return "VPC and Transit Gateway flow logs as space-separated text (S3 delivery with header, or header-less records)";
    }

    @Override
    public List<TableSchema> tables() {
        return List.of(VpcFlowTables.VPCFLOW);
    }

    @Override
    public int sniff(Sample sample) {
        int first = sample.firstSignificantByte();
        if (first == '{' || first == '[') {
            return NO; // JSON, never a flow log line or header
        }
        String line = firstNonBlankLine(sample.text());
        if (line == null) {
            return NO;
        }
        if (VpcFlowLayout.isHeader(line)) {
            return line.indexOf(' ') > 0 || line.indexOf('\t') > 0 ? STRONG : WEAK;
        }
        if (VpcFlowLayout.recognise(line) != null) {
            return STRONG - 10;
        }
        return looksLikeFlowRecord(line) ? WEAK : NO;
    }

    @Override
    public EventReader open(InputStream content, SourceContext context) throws IOException {
        String format = context.option(FORMAT_OPTION);
        VpcFlowLayout layout = null;
        if (format != null && !format.isBlank()) {
            try {
                layout = VpcFlowLayout.parse(format);
            } catch (IllegalArgumentException e) {
                content.close();
                throw new IOException("option " + FORMAT_OPTION + ": " + e.getMessage(), e);
            }
        }
        return new VpcFlowTextReader(content, context.hints(), layout);
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
        return null;
    }

    /**
     * A record in a custom layout we cannot name without a header: space-separated tokens made only of the
     * characters flow values use, with an interface id or an action or status keyword among them.
     */
    private static boolean looksLikeFlowRecord(String line) {
        String[] tokens = VpcFlowRecords.split(line, VpcFlowLayout.MAX_FIELDS);
        if (tokens == null || tokens.length < 3) {
            return false;
        }
        boolean marker = false;
        for (String token : tokens) {
            for (int i = 0; i < token.length(); i++) {
                char c = token.charAt(i);
                if (!(Character.isLetterOrDigit(c) || c == '-' || c == '.' || c == ':' || c == '/' || c == '_')) {
                    return false;
                }
            }
            if (token.startsWith("eni-") || token.startsWith("tgw-") || token.equals("ACCEPT") || token.equals("REJECT")
                    || token.equals("NODATA") || token.equals("SKIPDATA")) {
                marker = true;
            }
        }
        return marker;
    }
}
