package dev.cloudsift.formats.vpcflow;

import dev.cloudsift.core.EventReader;
import dev.cloudsift.core.Nullable;
import dev.cloudsift.core.ParseProblem;
import dev.cloudsift.core.PathHints;
import dev.cloudsift.core.Position;
import dev.cloudsift.core.ReadItem;
import dev.cloudsift.formats.lines.BoundedLineReader;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads flow log text line by line. A header line (first line of S3 objects, or again mid-file where objects were
 * concatenated) sets the layout; header-less lines use the {@code vpcflow.format} layout or a recognised
 * standard layout.
 */
final class VpcFlowTextReader implements EventReader {
    /** No flow record comes near this; longer lines are quarantined without being held. */
    static final int MAX_LINE_BYTES = 64 * 1024;

    private final InputStream content;
    private final BoundedLineReader lines;
    private final FlowLines flowLines;

    VpcFlowTextReader(InputStream content, PathHints hints, @Nullable VpcFlowLayout optionLayout) {
        this.content = content;
        this.lines = new BoundedLineReader(content, MAX_LINE_BYTES);
        this.flowLines = new FlowLines(hints, optionLayout);
    }

    @Override
    public @Nullable ReadItem next() throws IOException {
        while (true) {
            BoundedLineReader.Line line = lines.next();
            if (line == null) {
                return null;
            }
            Position position = new Position(line.offset(), line.number()).withLength(line.length());
            String text = line.text();
            if (line.overlong(MAX_LINE_BYTES)) {
                return new ParseProblem(position, "line of " + line.length() + " bytes is longer than the "
                        + MAX_LINE_BYTES + " a flow log record can be (kept: its first bytes)", lines.lastLineBytes());
            }
            // No flow log field carries text a requester chooses (all are numbers, addresses, AWS ids and keywords):
            // a control character or undecodable byte means the file is damaged, not that someone hid a request.
            if (line.controlBytes() || text.indexOf('\uFFFD') >= 0) {
                return new ParseProblem(position, "binary data where a flow log line was expected", lines.lastLineBytes());
            }
            if (text.isBlank()) {
                continue;
            }
            ReadItem item = flowLines.interpret(text, lines.lastLineAsciiBytes(), position);
            if (item != null) {
                return item;
            }
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
