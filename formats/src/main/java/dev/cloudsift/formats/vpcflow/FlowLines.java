package dev.cloudsift.formats.vpcflow;

import dev.cloudsift.core.Nullable;
import dev.cloudsift.core.ParseProblem;
import dev.cloudsift.core.PathHints;
import dev.cloudsift.core.Position;
import dev.cloudsift.core.ReadItem;
import dev.cloudsift.core.Skipped;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns flow log lines into records, one after the other: a header line (first line of S3 objects, or again
 * mid-file where objects were concatenated) sets the layout; header-less lines use the {@code vpcflow.format}
 * layout or a recognised standard layout. Shared by the text reader and the reader of lines a log shipper wrapped.
 */
final class FlowLines {
    private final PathHints hints;
    private final Set<String> reportedUnknown = new LinkedHashSet<>();
    private final FlowLineBytes bytes = new FlowLineBytes();
    private @Nullable VpcFlowLayout layout;
    /** True when the layout was guessed from a header-less line rather than declared by a header or option. */
    private boolean layoutRecognised;

    FlowLines(PathHints hints, @Nullable VpcFlowLayout optionLayout) {
        this.hints = hints;
        this.layout = optionLayout;
    }

    /** The record of one non-blank line, a note on a header, or null for a header that needs no note. */
    @Nullable ReadItem interpret(String text, Position position) {
        return interpret(text, null, position);
    }

    /**
     * {@link #interpret(String, Position)}, given also the line's bytes when it is ASCII throughout (null otherwise):
     * a line in the layout of the header before it is then mapped from them.
     */
    @Nullable ReadItem interpret(String text, byte @Nullable [] ascii, Position position) {
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
            return null;
        }
        VpcFlowLayout current = layout;
        if (ascii != null && current != null && !layoutRecognised && bytes.split(ascii, current.size()) == current.size()) {
            ReadItem item = bytes.map(ascii, current, position, hints);
            if (item != null) {
                return item;
            }
        }
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

    private static String fieldCount(String text) {
        String[] tokens = VpcFlowRecords.split(text, VpcFlowLayout.MAX_FIELDS);
        return tokens == null ? "more than " + VpcFlowLayout.MAX_FIELDS : String.valueOf(tokens.length);
    }
}
