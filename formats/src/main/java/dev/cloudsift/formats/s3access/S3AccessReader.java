package dev.cloudsift.formats.s3access;

import dev.cloudsift.core.EventReader;
import dev.cloudsift.core.Nullable;
import dev.cloudsift.core.ParseProblem;
import dev.cloudsift.core.Position;
import dev.cloudsift.core.ReadItem;
import dev.cloudsift.formats.lines.BoundedLineReader;
import java.io.IOException;
import java.io.InputStream;

/** Reads an S3 server access log file line by line; a line that does not fit is quarantined and reading goes on. */
final class S3AccessReader implements EventReader {
    /** Real lines are a few KB (keys are at most 1 KB, request lines about 8 KB); longer ones are hostile. */
    static final int MAX_LINE_BYTES = 64 * 1024;

    private final InputStream content;
    private final BoundedLineReader lines;
    private final S3AccessTokenizer tokenizer = new S3AccessTokenizer();
    private final S3AccessRecords records = new S3AccessRecords();
    private final S3AccessPathHints hints;
    private Position position = Position.START;

    S3AccessReader(InputStream content, S3AccessPathHints hints) {
        this.content = content;
        this.lines = new BoundedLineReader(content, MAX_LINE_BYTES);
        this.hints = hints;
    }

    @Override
    public @Nullable ReadItem next() throws IOException {
        BoundedLineReader.Line line;
        while ((line = lines.next()) != null) {
            position = new Position(line.offset(), line.number()).withLength(line.length());
            if (line.overlong(MAX_LINE_BYTES)) {
                return new ParseProblem(position, "line of " + line.length() + " bytes is longer than the "
                        + MAX_LINE_BYTES + "-byte cap for S3 access log lines; its first " + MAX_LINE_BYTES
                        + " bytes are kept", lines.lastLineBytes());
            }
            String text = line.text();
            if (text.isBlank()) {
                continue;
            }
            // An ASCII line (nearly all) has its cells cut from its bytes; any other is read from its text.
            String error = tokenizer.split(text, lines.lastLineAsciiBytes());
            if (error != null) {
                return new ParseProblem(position, error, lines.lastLineBytes());
            }
            ReadItem item = records.map(text, tokenizer, position, hints);
            // Quarantine keeps the bytes as received, not their UTF-8 decoding.
            return item instanceof ParseProblem problem ? new ParseProblem(position, problem.reason(), lines.lastLineBytes()) : item;
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
