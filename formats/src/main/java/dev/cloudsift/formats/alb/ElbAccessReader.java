package dev.cloudsift.formats.alb;

import dev.cloudsift.core.EventReader;
import dev.cloudsift.core.Nullable;
import dev.cloudsift.core.ParseProblem;
import dev.cloudsift.core.PathHints;
import dev.cloudsift.core.Position;
import dev.cloudsift.core.ReadItem;
import dev.cloudsift.core.Skipped;
import dev.cloudsift.formats.lines.BoundedLineReader;
import java.io.IOException;
import java.io.InputStream;

/** Reads access log lines one at a time; control lines written when logging is enabled are skipped by name. */
final class ElbAccessReader implements EventReader {
    /** Request lines and user agents are capped by the load balancer far below this. */
    static final int MAX_LINE_BYTES = 128 * 1024;
    private static final String CONTROL_PREFIX = "Enable AccessLog for ELB:";

    private final InputStream content;
    private final BoundedLineReader lines;
    private final PathHints hints;

    ElbAccessReader(InputStream content, PathHints hints) {
        this.content = content;
        this.lines = new BoundedLineReader(content, MAX_LINE_BYTES);
        this.hints = hints;
    }

    static boolean isControlLine(String line) {
        return line.startsWith(CONTROL_PREFIX);
    }

    @Override
    public @Nullable ReadItem next() throws IOException {
        while (true) {
            BoundedLineReader.Line line = lines.next();
            if (line == null) {
                return null;
            }
            Position position = new Position(line.offset(), line.number()).withLength(line.length());
            if (line.overlong(MAX_LINE_BYTES)) {
                return new ParseProblem(position, "line of " + line.length() + " bytes is longer than the "
                        + MAX_LINE_BYTES + " a load balancer entry can be (kept: its first bytes)", lines.lastLineBytes());
            }
            String text = line.text();
            if (text.isBlank()) {
                continue;
            }
            if (isControlLine(text)) {
                return new Skipped(position, "load balancer control line written when access logging is enabled");
            }
            ReadItem item = ElbAccessRecords.map(text, position, hints);
            // Control characters in a request line or User-Agent are the client's doing: a line that reads is kept
            // as written (output escapes it); one that does not and holds them is most likely binary junk.
            if (item instanceof ParseProblem && line.controlBytes()) {
                return new ParseProblem(position, "binary data where a load balancer log line was expected",
                        lines.lastLineBytes());
            }
            return item;
        }
    }

    @Override
    public Position position() {
        return new Position(lines.nextLineOffset(), lines.nextLineNumber());
    }

    @Override
    public void close() throws IOException {
        content.close();
    }
}
