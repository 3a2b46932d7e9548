package dev.cloudsift.formats.cloudwatch;

import dev.cloudsift.core.EventReader;
import dev.cloudsift.core.Nullable;
import dev.cloudsift.core.ParseProblem;
import dev.cloudsift.core.Position;
import dev.cloudsift.core.ReadItem;
import dev.cloudsift.core.Skipped;
import dev.cloudsift.core.SourceContext;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;

/** Reads an export object line by line, attaching unstamped continuation lines to the event before them. */
final class ExportReader implements EventReader {
    /** A line may hold a whole 256 KiB event plus its stamp; anything longer is kept cut. */
    private static final int MAX_LINE_BYTES = MessageInterpreter.MAX_MESSAGE_CHARS + 1024;

    private final LineReader lines;
    private final MessageInterpreter interpreter;
    private final @Nullable String logGroup;
    private final @Nullable String logStream;

    private @Nullable Instant pendingTime;
    private @Nullable Position pendingPosition;
    private final StringBuilder pendingMessage = new StringBuilder();
    private @Nullable ReadItem queued;
    private boolean first = true;

    ExportReader(InputStream content, SourceContext context) {
        this.lines = new LineReader(content, MAX_LINE_BYTES);
        this.interpreter = new MessageInterpreter(context);
        this.logGroup = context.option("cloudwatch.log-group");
        String stream = context.option("cloudwatch.log-stream");
        this.logStream = stream != null ? stream : ExportLines.streamFromPath(context.path());
    }

    @Override
    public @Nullable ReadItem next() throws IOException {
        if (queued != null) {
            ReadItem item = queued;
            queued = null;
            return item;
        }
        while (true) {
            LineReader.Line line = lines.next();
            if (line == null) {
                return pendingTime != null ? flush() : null;
            }
            Position position = new Position(line.offset(), line.number()).withLength(line.length());
            if (first) {
                first = false;
                if (line.text().strip().equals(ExportLines.WRITE_TEST_TEXT)) {
                    return new Skipped(position, "export write-test marker");
                }
            }
            String text = line.text();
            int stampEnd = ExportLines.timestampEnd(text);
            Instant time = stampEnd > 0 ? ExportLines.timestamp(text, stampEnd) : null;
            if (time != null) {
                ReadItem previous = pendingTime != null ? flush() : null;
                pendingTime = time;
                pendingPosition = position;
                pendingMessage.append(text, stampEnd + 1, text.length());
                if (previous != null) {
                    return previous;
                }
                continue;
            }
            if (pendingTime != null) {
                // A message holding line breaks continues on lines without a stamp.
                // Past the limit the interpreter cuts anyway; stop growing the buffer.
                if (pendingMessage.length() <= MessageInterpreter.MAX_MESSAGE_CHARS) {
                    pendingMessage.append('\n').append(text);
                }
                continue;
            }
            if (text.isBlank()) {
                continue;
            }
            String reason = stampEnd > 0
                    ? "invalid timestamp '" + text.substring(0, stampEnd) + "'; expected yyyy-MM-ddTHH:mm:ss.SSSZ"
                    : "expected an ISO-8601 timestamp (yyyy-MM-ddTHH:mm:ss.SSSZ) and a space at the start of the line";
            return ParseProblem.of(position, reason, text);
        }
    }

    private ReadItem flush() {
        String message = pendingMessage.toString();
        LogEvent event = new LogEvent(logGroup, logStream, null, pendingTime, null, message, null, null, null,
                "export", pendingPosition);
        pendingTime = null;
        pendingPosition = null;
        pendingMessage.setLength(0);
        return interpreter.interpret(event);
    }

    @Override
    public Position position() {
        return new Position(lines.offset(), lines.lineNumber() + 1);
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
