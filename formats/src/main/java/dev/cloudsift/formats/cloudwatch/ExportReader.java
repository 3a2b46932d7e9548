package dev.cloudsift.formats.cloudwatch;

import dev.cloudsift.core.EventReader;
import dev.cloudsift.core.Nullable;
import dev.cloudsift.core.ParseProblem;
import dev.cloudsift.core.Position;
import dev.cloudsift.core.ReadItem;
import dev.cloudsift.core.Skipped;
import dev.cloudsift.core.SourceContext;
import dev.cloudsift.core.Utf8Slice;
import dev.cloudsift.formats.lines.BoundedLineReader;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;

/**
 * Reads an export object line by line, attaching unstamped continuation lines to the event before them. The message
 * of a one-line event is the rest of its line, and of an ASCII line also a slice of its bytes, the {@code message}
 * cell the store copies without encoding it again.
 */
final class ExportReader implements EventReader {
    /** A line may hold a whole 256 KiB event plus its stamp; anything longer is kept cut. */
    private static final int MAX_LINE_BYTES = MessageInterpreter.MAX_MESSAGE_CHARS + 1024;

    private final InputStream content;
    private final BoundedLineReader lines;
    private final MessageInterpreter interpreter;
    private final @Nullable String logGroup;
    private final @Nullable String logStream;

    private @Nullable Instant pendingTime;
    private @Nullable Position pendingPosition;
    /** The message of the pending event while it is one line, else null (then it is in {@link #pendingLines}). */
    private @Nullable String pendingMessage;
    private @Nullable Utf8Slice pendingCell;
    private final StringBuilder pendingLines = new StringBuilder();
    private @Nullable ReadItem queued;
    private boolean first = true;

    ExportReader(InputStream content, SourceContext context) {
        this.content = content;
        this.lines = new BoundedLineReader(content, MAX_LINE_BYTES);
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
            BoundedLineReader.Line line = lines.next();
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
                pendingMessage = text.substring(stampEnd + 1);
                byte[] ascii = lines.lastLineAsciiBytes();
                pendingCell = ascii == null ? null : Utf8Slice.of(ascii, stampEnd + 1, ascii.length - stampEnd - 1);
                if (previous != null) {
                    return previous;
                }
                continue;
            }
            if (pendingTime != null) {
                // A message holding line breaks continues on lines without a stamp.
                // Past the limit the interpreter cuts anyway; stop growing the buffer.
                if (pendingMessage != null) {
                    pendingLines.append(pendingMessage);
                    pendingMessage = null;
                    pendingCell = null;
                }
                if (pendingLines.length() <= MessageInterpreter.MAX_MESSAGE_CHARS) {
                    pendingLines.append('\n').append(text);
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
        String message = pendingMessage != null ? pendingMessage : pendingLines.toString();
        LogEvent event = new LogEvent(logGroup, logStream, null, pendingTime, null, message, null, null, null,
                "export", pendingPosition);
        Utf8Slice cell = pendingCell;
        pendingTime = null;
        pendingPosition = null;
        pendingMessage = null;
        pendingCell = null;
        pendingLines.setLength(0);
        return interpreter.interpret(event, cell);
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
