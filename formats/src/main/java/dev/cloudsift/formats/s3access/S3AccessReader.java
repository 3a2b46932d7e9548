package dev.cloudsift.formats.s3access;

import dev.cloudsift.core.EventReader;
import dev.cloudsift.core.Nullable;
import dev.cloudsift.core.ParseProblem;
import dev.cloudsift.core.Position;
import dev.cloudsift.core.ReadItem;
import java.io.IOException;
import java.io.InputStream;

/** Reads an S3 server access log file line by line; a line that does not fit is quarantined and reading goes on. */
final class S3AccessReader implements EventReader {
    /** Real lines are a few KB (keys are at most 1 KB, request lines about 8 KB); longer ones are hostile. */
    static final int MAX_LINE_BYTES = 64 * 1024;

    private final InputStream content;
    private final BoundedLineReader lines;
    private final S3AccessPathHints hints;
    private Position position = Position.START;

    S3AccessReader(InputStream content, S3AccessPathHints hints) {
        this.content = content;
        this.lines = new BoundedLineReader(content, MAX_LINE_BYTES);
        this.hints = hints;
    }

    @Override
    public @Nullable ReadItem next() throws IOException {
        while (lines.next()) {
            position = new Position(lines.offset(), lines.lineNumber()).withLength(lines.recordLength());
            if (lines.tooLong()) {
                return new ParseProblem(position, "line of " + lines.fullLength() + " bytes is longer than the "
                        + MAX_LINE_BYTES + "-byte cap for S3 access log lines; its first " + MAX_LINE_BYTES
                        + " bytes are kept", lines.bytes());
            }
            String line = lines.text();
            if (line.isBlank()) {
                continue;
            }
            S3AccessTokenizer.Result tokens = S3AccessTokenizer.tokenize(line);
            if (!tokens.ok()) {
                return new ParseProblem(position, tokens.error(), lines.bytes());
            }
            ReadItem item = S3AccessRecords.map(line, tokens.fields(), position, hints);
            // Quarantine keeps the bytes as received, not their UTF-8 decoding.
            return item instanceof ParseProblem problem ? new ParseProblem(position, problem.reason(), lines.bytes()) : item;
        }
        return null;
    }

    @Override
    public Position position() {
        return position;
    }

    @Override
    public void close() throws IOException {
        content.close();
    }
}
