package dev.cloudsift.store.enrich;

import dev.cloudsift.core.FormatRegistry;
import dev.cloudsift.core.LogFormat;
import dev.cloudsift.core.LogRecord;
import dev.cloudsift.core.ParseProblem;
import dev.cloudsift.core.PathHints;
import dev.cloudsift.core.ReadItem;
import dev.cloudsift.core.Sample;
import dev.cloudsift.core.SourceContext;
import dev.cloudsift.core.input.Decompression;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads one file with the installed formats, as the ingest does, to fill test cases with real rows. */
final class ReadFile {
    private static final FormatRegistry REGISTRY = FormatRegistry.load();

    private ReadFile() {}

    /** What reading one file gave. */
    record Result(Optional<LogFormat> format, List<ReadItem> items) {
        List<LogRecord> records() {
            return items.stream().filter(LogRecord.class::isInstance).map(LogRecord.class::cast).toList();
        }

        List<ParseProblem> problems() {
            return items.stream().filter(ParseProblem.class::isInstance).map(ParseProblem.class::cast).toList();
        }
    }

    static Result read(Path file) throws IOException {
        return read(Files.newInputStream(file), file.toString(), Files.size(file));
    }

    static Result read(byte[] content, String path) throws IOException {
        return read(new ByteArrayInputStream(content), path, content.length);
    }

    private static Result read(InputStream raw, String path, long size) throws IOException {
        InputStream content = new BufferedInputStream(Decompression.open(raw, size).content(), Sample.SIZE * 2);
        content.mark(Sample.SIZE + 1);
        byte[] head = new byte[Sample.SIZE];
        int length = Decompression.readFully(content, head);
        boolean complete = content.read() < 0;
        content.reset();
        PathHints hints = PathHints.fromPath(path);
        Optional<LogFormat> format = REGISTRY.sniff(new Sample(Arrays.copyOf(head, length), complete, path, hints));
        List<ReadItem> items = new ArrayList<>();
        if (format.isEmpty()) {
            content.close();
            return new Result(format, items);
        }
        try (var reader = format.get().open(content, new SourceContext(path, hints, Map.of()))) {
            ReadItem item;
            while ((item = reader.next()) != null) {
                items.add(item);
            }
        }
        return new Result(format, items);
    }
}
