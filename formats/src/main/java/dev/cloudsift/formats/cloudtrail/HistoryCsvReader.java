package dev.cloudsift.formats.cloudtrail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cloudsift.core.EventReader;
import dev.cloudsift.core.Nullable;
import dev.cloudsift.core.ParseProblem;
import dev.cloudsift.core.PathHints;
import dev.cloudsift.core.Position;
import dev.cloudsift.core.ReadItem;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import dev.cloudsift.formats.cloudwatch.RecentBytes;
import dev.cloudsift.formats.lines.CsvSpans;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a console event history CSV download (or a CSV query result with CloudTrail columns). Lossy by nature: each
 * row becomes a record rebuilt from the columns it has, or the full record when a CloudTrail event column holds it.
 * Cells are text and stay text: a cell such as {@code =HYPERLINK(...)} is stored as written, never evaluated.
 */
final class HistoryCsvReader implements EventReader {
    private static final long MAX_LINE_BYTES = JsonItemStream.MAX_RECORD_BYTES;
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder()
            .setIgnoreEmptyLines(true)
            .get();

    private final CSVParser parser;
    private final CsvSpans rows;
    private final PathHints hints;
    private List<String> headers;
    private List<String> columns;
    private long lastLine;
    private boolean done;

    HistoryCsvReader(InputStream content, PathHints hints) throws IOException {
        // The window tells where each row's bytes end, so a row's position carries its length.
        RecentBytes window = new RecentBytes(content, 64 * 1024);
        this.parser = CSVParser.builder()
                .setInputStream(new LineLengthGuard(window, MAX_LINE_BYTES))
                .setCharset(StandardCharsets.UTF_8)
                .setTrackBytes(true)
                .setFormat(FORMAT)
                .get();
        this.rows = new CsvSpans(parser, window);
        this.hints = hints;
    }

    @Override
    public @Nullable ReadItem next() throws IOException {
        while (!done) {
            CsvSpans.Span span;
            try {
                span = rows.next();
                if (span == null) {
                    done = true;
                    return null;
                }
            } catch (UncheckedIOException e) {
                IOException cause = e.getCause();
                if (cause instanceof CSVException || cause instanceof LineLengthGuard.LineTooLongException) {
                    done = true;
                    return ParseProblem.of(position(), "invalid CSV: " + cause.getMessage()
                            + "; the rest of the file from here is quarantined", null);
                }
                throw new BrokenStreamException(cause);
            }
            CSVRecord row = span.record();
            Position position = new Position(row.getBytePosition(), lastLine + 1).withLength(span.length());
            lastLine = span.linesAfter();
            if (headers == null) {
                headers = new ArrayList<>();
                columns = new ArrayList<>();
                for (String header : row) {
                    headers.add(header);
                    columns.add(HistoryCsvColumns.normalize(header));
                }
                continue;
            }
            return toItem(row, position);
        }
        return null;
    }

    private ReadItem toItem(CSVRecord row, Position position) {
        ObjectNode raw = JsonNodeFactory.instance.objectNode();
        ObjectNode record = null;
        for (int i = 0; i < row.size(); i++) {
            String header = i < headers.size() ? headers.get(i) : "column " + (i + 1);
            raw.put(header, row.get(i));
            if (i < columns.size() && HistoryCsvColumns.isFullRecord(columns.get(i))) {
                JsonNode full = HistoryCsvColumns.parseJson(row.get(i));
                if (full != null && full.isObject()) {
                    record = (ObjectNode) full;
                }
            }
        }
        if (record == null) {
            record = JsonNodeFactory.instance.objectNode();
        }
        String resourceType = null;
        String resourceName = null;
        String problem = null;
        for (int i = 0; i < row.size() && i < columns.size(); i++) {
            String column = columns.get(i);
            String value = row.get(i);
            if (column.equals("resourcetype")) {
                resourceType = value;
            } else if (column.equals("resourcename")) {
                resourceName = value;
            } else if (!HistoryCsvColumns.isFullRecord(column)) {
                String reason = HistoryCsvColumns.apply(column, value, record);
                if (problem == null) {
                    problem = reason;
                }
            }
        }
        if (problem != null) {
            return ParseProblem.of(position, problem, raw.toString());
        }
        HistoryCsvColumns.applyResource(resourceType, resourceName, record);
        return CloudTrailRecordMapper.map(record, CloudTrailRecordMapper.SHAPE_HISTORY_CSV, position, raw.toString(),
                hints);
    }

    @Override
    public Position position() {
        return new Position(-1, parser.getCurrentLineNumber() + 1);
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
