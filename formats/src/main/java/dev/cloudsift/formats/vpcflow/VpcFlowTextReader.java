package dev.cloudsift.formats.vpcflow;

import dev.cloudsift.core.Nullable;
import dev.cloudsift.core.ParseProblem;
import dev.cloudsift.core.PathHints;
import dev.cloudsift.core.Position;
import dev.cloudsift.core.ReadItem;
import dev.cloudsift.formats.lines.BoundedLineReader;
import java.io.InputStream;

/**
 * Reads flow log text line by line. A header line (first line of S3 objects, or again mid-file where objects were
 * concatenated) sets the layout; header-less lines use the {@code vpcflow.format} layout or a recognised
 * standard layout.
 */
final class VpcFlowTextReader extends FlowLineReader {
    /** No flow record comes near this; longer lines are quarantined without being held. */
    static final int MAX_LINE_BYTES = 64 * 1024;

    VpcFlowTextReader(InputStream content, PathHints hints, @Nullable VpcFlowLayout optionLayout) {
        super(content, hints, optionLayout, MAX_LINE_BYTES, "a flow log record");
    }

    @Override
    @Nullable ReadItem interpret(BoundedLineReader.Line line, Position position) {
        String text = line.text();
        // No flow log field carries text a requester chooses (all are numbers, addresses, AWS ids and keywords):
        // a control character or undecodable byte means the file is damaged, not that someone hid a request.
        if (line.controlBytes() || text.indexOf('\uFFFD') >= 0) {
            return new ParseProblem(position, "binary data where a flow log line was expected", lines.lastLineBytes());
        }
        if (text.isBlank()) {
            return null;
        }
        return flowLines.interpret(text, lines.lastLineAsciiBytes(), position);
    }
}
