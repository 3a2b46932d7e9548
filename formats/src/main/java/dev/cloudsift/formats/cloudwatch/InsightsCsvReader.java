package dev.cloudsift.formats.cloudwatch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cloudsift.core.EventReader;
import dev.cloudsift.core.Json;
import dev.cloudsift.formats.lines.CsvSpans;
import dev.cloudsift.core.Nullable;
import dev.cloudsift.core.ParseProblem;
import dev.cloudsift.core.Position;
import dev.cloudsift.core.ReadItem;
import dev.cloudsift.core.SourceContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;

/** Reads Logs Insights CSV rows by header name; every row becomes one CloudWatch event. */
final class InsightsCsvReader implements EventReader {
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .setIgnoreEmptyLines(true)
            .setAllowMissingColumnNames(true)
            .setDuplicateHeaderMode(DuplicateHeaderMode.ALLOW_ALL)
            .get();

    private final RecentBytes recent;
    private final @Nullable CSVParser parser;
    private @Nullable ParseProblem headerProblem;
    /** Where the last row read started (the header when none yet), to find the bytes of a row that breaks. */
    private long lastStart;
    private long lastLine = 1;
    private final @Nullable CsvSpans records;
    /** Lines the parser had read after the last record handed out (records are read one ahead). */
    private long linesRead;
    private final List<String> header;
    private final MessageInterpreter interpreter;
    private final @Nullable String logGroup;
    private boolean finished;

    InsightsCsvReader(InputStream content, SourceContext context) throws IOException {
        this.recent = new RecentBytes(content, ParseProblem.MAX_RAW_BYTES + 64 * 1024);
        CSVParser opened = null;
        String headerError = null;
        try {
            opened = CSVParser.builder()
                    .setInputStream(recent)
                    .setCharset(StandardCharsets.UTF_8)
                    .setFormat(FORMAT)
                    .setTrackBytes(true)
                    .get();
        } catch (IllegalArgumentException | UncheckedIOException e) {
            // commons-csv reads the header while opening and refuses some headers with an unchecked exception.
            headerError = e instanceof UncheckedIOException unchecked ? unchecked.getCause().getMessage() : e.getMessage();
        }
        this.parser = opened;
        this.headerProblem = headerError == null ? null : new ParseProblem(Position.START,
                "unreadable CSV header: " + headerError + "; expected Logs Insights column names",
                recent.since(0, ParseProblem.MAX_RAW_BYTES));
        this.header = opened == null ? List.of() : opened.getHeaderNames();
        this.records = opened == null ? null : new CsvSpans(opened, recent);
        this.linesRead = opened == null ? 0 : opened.getCurrentLineNumber();
        this.interpreter = new MessageInterpreter(context);
        this.logGroup = context.option("cloudwatch.log-group");
    }

    @Override
    public @Nullable ReadItem next() throws IOException {
        if (finished) {
            return null;
        }
        if (headerProblem != null || parser == null) {
            finished = true;
            ParseProblem problem = headerProblem;
            headerProblem = null;
            return problem;
        }
        long line = linesRead + 1;
        CsvSpans.Span span;
        try {
            span = records.next();
            if (span == null) {
                finished = true;
                return null;
            }
        } catch (UncheckedIOException e) {
            finished = true;
            return broken(line, e.getCause().getMessage());
        }
        CSVRecord record = span.record();
        linesRead = span.linesAfter();
        Position position = new Position(record.getBytePosition(), line).withLength(span.length());
        lastStart = record.getBytePosition();
        lastLine = line;
        if (record.size() != header.size()) {
            return ParseProblem.of(position, "row has " + record.size() + " fields, the header names " + header.size(),
                    String.join(",", record.values()));
        }
        ObjectNode fields = Json.MAPPER.createObjectNode();
        for (int i = 0; i < header.size(); i++) {
            fields.put(header.get(i), record.get(i));
        }
        LogEventMapping.Mapped mapped = LogEventMapping.insights(fields, logGroup, "insights-csv", position);
        if (mapped.event() == null) {
            return ParseProblem.of(position, mapped.problem(), String.join(",", record.values()));
        }
        return interpreter.interpret(mapped.event());
    }

    /** The rows from {@code line} on cannot be parsed: quarantine their bytes, which start that many lines on. */
    private ParseProblem broken(long line, String reason) {
        byte[] since = recent.since(lastStart, ParseProblem.MAX_RAW_BYTES * 2);
        int start = 0;
        for (long skip = line - lastLine; skip > 0 && start < since.length; start++) {
            if (since[start] == '\n') {
                skip--;
            }
        }
        byte[] raw = java.util.Arrays.copyOfRange(since, start, Math.min(since.length, start + ParseProblem.MAX_RAW_BYTES));
        return new ParseProblem(new Position(lastStart + start, line), "invalid CSV: " + reason
                + "; nothing after this point was read", raw);
    }

    @Override
    public Position position() {
        return parser == null ? Position.START : new Position(-1, parser.getCurrentLineNumber() + 1);
    }

    @Override
    public void close() throws IOException {
        if (parser != null) {
            parser.close();
        }
        recent.close();
    }
}
