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
 * What the readers of flow lines share: bounded lines with their positions, an overlong line quarantined with its
 * first bytes, and the {@link FlowLines} that map them. Each reader says what one of its lines holds.
 */
abstract class FlowLineReader implements EventReader {
    private final InputStream content;
    private final int maxLineBytes;
    private final String lineName;
    protected final BoundedLineReader lines;
    protected final FlowLines flowLines;

    /** @param lineName what a line is, for the overlong problem ("a flow log record") */
    FlowLineReader(InputStream content, PathHints hints, @Nullable VpcFlowLayout optionLayout, int maxLineBytes,
            String lineName) {
        this.content = content;
        this.maxLineBytes = maxLineBytes;
        this.lineName = lineName;
        this.lines = new BoundedLineReader(content, maxLineBytes);
        this.flowLines = new FlowLines(hints, optionLayout);
    }

    @Override
    public final @Nullable ReadItem next() throws IOException {
        while (true) {
            BoundedLineReader.Line line = lines.next();
            if (line == null) {
                return null;
            }
            Position position = new Position(line.offset(), line.number()).withLength(line.length());
            if (line.overlong(maxLineBytes)) {
                return new ParseProblem(position, "line of " + line.length() + " bytes is longer than the "
                        + maxLineBytes + " " + lineName + " can be (kept: its first bytes)", lines.lastLineBytes());
            }
            ReadItem item = interpret(line, position);
            if (item != null) {
                return item;
            }
        }
    }

    /** The item of a line kept whole, or null to go on with the next line (a blank line, a header). */
    abstract @Nullable ReadItem interpret(BoundedLineReader.Line line, Position position) throws IOException;

    @Override
    public final Position position() {
        return new Position(lines.nextLineOffset(), lines.nextLineNumber());
    }

    @Override
    public final void close() throws IOException {
        content.close();
    }
}
