package dev.cloudsift.formats.lines;

import dev.cloudsift.core.Nullable;
import java.io.UncheckedIOException;
import java.util.Iterator;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * CSV records read one ahead, so each comes with the bytes it spans in the content: a record ends where the
 * next one starts (or the content ends), less the line breaks before that. A failure reading the record after
 * is held back and thrown by the following call, so records before a broken one are still handed out first.
 */
public final class CsvSpans {
    /** The bytes read so far and a window of the latest of them. */
    public interface Window {
        long total();

        /** The bytes from {@code start} to {@code end}, as far as the window still holds them, at most {@code limit}. */
        byte[] between(long start, long end, int limit);
    }

    /**
     * A record, its length in bytes (-1 when it could not be told), and the parser's line count once it was read.
     */
    public record Span(CSVRecord record, long length, long linesAfter) {}

    private record Read(CSVRecord record, long linesAfter) {}

    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final Window window;
    private @Nullable Read ahead;
    private @Nullable RuntimeException failure;
    private boolean started;

    public CsvSpans(CSVParser parser, Window window) {
        this.parser = parser;
        this.records = parser.iterator();
        this.window = window;
    }

    /** The next record, or null at the end; throws what reading it threw ({@link UncheckedIOException} from commons-csv). */
    public @Nullable Span next() {
        if (!started) {
            started = true;
            ahead = fetch();
        }
        if (ahead == null) {
            RuntimeException thrown = failure;
            failure = null;
            if (thrown != null) {
                throw thrown;
            }
            return null;
        }
        Read current = ahead;
        ahead = fetch();
        long start = current.record().getBytePosition();
        long end = ahead != null ? ahead.record().getBytePosition() : failure == null ? window.total() : -1;
        return new Span(current.record(), end < 0 ? -1 : trimmed(start, end), current.linesAfter());
    }

    private @Nullable Read fetch() {
        try {
            if (!records.hasNext()) {
                return null;
            }
            CSVRecord record = records.next();
            return new Read(record, parser.getCurrentLineNumber());
        } catch (RuntimeException e) {
            failure = e;
            return null;
        }
    }

    /** {@code end - start} less the line breaks (and empty lines) just before {@code end}. */
    private long trimmed(long start, long end) {
        int look = (int) Math.min(end - start, 4096);
        byte[] tail = window.between(end - look, end, look);
        if (tail.length < look) {
            return -1; // the window no longer holds the end of this record: its length cannot be told
        }
        long length = end - start;
        for (int i = tail.length - 1; i >= 0 && (tail[i] == '\n' || tail[i] == '\r'); i--) {
            length--;
        }
        return length;
    }
}
