package dev.cloudsift.formats.alb;

import dev.cloudsift.core.EventReader;
import dev.cloudsift.core.LogFormat;
import dev.cloudsift.core.Sample;
import dev.cloudsift.core.SourceContext;
import dev.cloudsift.core.TableSchema;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** Elastic Load Balancing access logs: Application, Network (TLS listeners) and Classic Load Balancers. */
public final class ElbAccessFormat implements LogFormat {
    /** Lines of the sample looked at; the first may be a control line. */
    private static final int SNIFF_LINES = 5;

    @Override
    public String name() {
        return "alb.access";
    }

    @Override
    public String description() {
        return "Elastic Load Balancing access logs (Application, Network TLS and Classic Load Balancers)";
    }

    @Override
    public List<TableSchema> tables() {
        return List.of(AlbTables.ALB);
    }

    @Override
    public int sniff(Sample sample) {
        int first = sample.firstSignificantByte();
        if (first == '{' || first == '[') {
            return NO; // JSON: no access log line or control line opens so; spares decoding a one-line JSON file
        }
        String text = sample.text();
        int start = 0;
        int best = NO;
        for (int seen = 0; seen < SNIFF_LINES && start < text.length(); ) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                if (!sample.complete()) {
                    break;
                }
                end = text.length();
            }
            String line = text.substring(start, end).strip();
            start = end + 1;
            if (line.isEmpty()) {
                continue;
            }
            seen++;
            if (ElbAccessReader.isControlLine(line)) {
                best = Math.max(best, WEAK);
                continue;
            }
            int score = score(line);
            if (score == NO) {
                return NO;
            }
            return score;
        }
        return best;
    }

    /** First fields as each kind writes them: type, time, load balancer id, client endpoint. */
    private static int score(String line) {
        String[] head = line.split(" ", 6);
        if (head.length < 5) {
            return NO;
        }
        ElbLogKind kind = ElbLogKind.of(head[0]);
        if (kind == null) {
            return NO;
        }
        return switch (kind) {
            case APPLICATION -> isTime(head[1]) && head[2].startsWith("app/") ? STRONG : isTime(head[1]) ? WEAK : NO;
            case NETWORK -> isTime(head[2]) && head[3].startsWith("net/") ? STRONG : NO;
            case CLASSIC -> head[2].indexOf(':') > 0 && (head[3].equals("-") || head[3].indexOf(':') > 0)
                    && isDecimal(head[4]) ? STRONG - 20 : NO;
        };
    }

    private static boolean isTime(String value) {
        // NLB writes its time without fraction or zone (2025-11-04T09:17:00); the others end in Z.
        return value.length() >= 19 && value.charAt(4) == '-' && value.charAt(10) == 'T' && value.charAt(13) == ':';
    }

    private static boolean isDecimal(String value) {
        if (value.isEmpty()) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!(Character.isDigit(c) || c == '.' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    @Override
    public EventReader open(InputStream content, SourceContext context) throws IOException {
        return new ElbAccessReader(content, context.hints());
    }
}
