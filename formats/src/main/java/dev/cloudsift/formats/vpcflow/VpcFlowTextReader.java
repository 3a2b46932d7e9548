package dev.cloudsift.formats.vpcflow;

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
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

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
    private final PathHints hints;
    private final Set<String> reportedUnknown = new LinkedHashSet<>();
    private @Nullable VpcFlowLayout layout;
    /** True when the layout was guessed from a header-less line rather than declared by a header or option. */
    private boolean layoutRecognised;

    VpcFlowTextReader(InputStream content, PathHints hints, @Nullable VpcFlowLayout optionLayout) {
        this.content = content;
        this.lines = new BoundedLineReader(content, MAX_LINE_BYTES);
        this.hints = hints;
        this.layout = optionLayout;
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
            if (line.controlBytes() || text.indexOf('\uFFFD') >= 0) {
                return new ParseProblem(position, "binary data where a flow log line was expected", lines.lastLineBytes());
            }
            if (text.isBlank()) {
                continue;
            }
            if (VpcFlowLayout.isHeader(text)) {
                layout = VpcFlowLayout.parse(text);
                layoutRecognised = false;
                List<String> unreported = new ArrayList<>();
                for (String name : layout.unknownNames()) {
                    if (reportedUnknown.add(name)) {
                        unreported.add(name);
                    }
                }
                if (!unreported.isEmpty()) {
                    return new Skipped(position, "header line names fields unknown to Cloudsift, their values are kept"
                            + " in vpcflow.extra: " + String.join(", ", unreported));
                }
                continue;
            }
            VpcFlowLayout current = layout;
            String[] tokens = VpcFlowRecords.split(text, VpcFlowLayout.MAX_FIELDS);
            if (current == null || (layoutRecognised && (tokens == null || !current.fits(tokens)))) {
                VpcFlowLayout recognised = VpcFlowLayout.recognise(text);
                if (recognised == null && current == null) {
                    return ParseProblem.of(position, "no header line names the fields of this record ("
                            + fieldCount(text) + " values) and it is not in a standard layout: give the flow log's"
                            + " format with option " + VpcFlowTextFormat.FORMAT_OPTION, text);
                }
                if (recognised != null) {
                    // Otherwise the line is mapped with the layout of the lines before it, which names the field at fault.
                    current = recognised;
                    layout = recognised;
                    layoutRecognised = true;
                }
            }
            if (tokens != null && tokens.length > current.size()) {
                tokens = null;
            }
            return VpcFlowRecords.mapSplit(tokens, text, current, position, hints);
        }
    }

    private static String fieldCount(String text) {
        String[] tokens = VpcFlowRecords.split(text, VpcFlowLayout.MAX_FIELDS);
        return tokens == null ? "more than " + VpcFlowLayout.MAX_FIELDS : String.valueOf(tokens.length);
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
