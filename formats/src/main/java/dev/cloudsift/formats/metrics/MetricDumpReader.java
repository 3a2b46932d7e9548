package dev.cloudsift.formats.metrics;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cloudsift.core.EventReader;
import dev.cloudsift.core.Envelopes;
import dev.cloudsift.core.Json;
import dev.cloudsift.core.Nullable;
import dev.cloudsift.core.ParseProblem;
import dev.cloudsift.core.Position;
import dev.cloudsift.core.ReadItem;
import dev.cloudsift.core.SourceContext;
import dev.cloudsift.core.Timestamps;
import dev.cloudsift.formats.cloudwatch.JacksonMessages;
import dev.cloudsift.formats.cloudwatch.RecentBytes;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Reads {@code aws cloudwatch get-metric-data} ({@code MetricDataResults}) and {@code get-metric-statistics}
 * ({@code Label}, {@code Datapoints}) output, one page or pages back to back. The output names no namespace or
 * dimensions: the options {@code metrics.namespace} and {@code metrics.dimensions} ({@code Name=Value,...}) supply
 * them; get-metric-data's metric name is read from {@code Label} when the label is a single metric-like word.
 */
final class MetricDumpReader implements EventReader {
    /** Statistic keys of a get-metric-statistics datapoint. */
    private static final List<String> STATISTICS = List.of("Average", "Sum", "Minimum", "Maximum", "SampleCount");

    private final RecentBytes recent;
    private final JsonParser parser;
    private final SourceContext context;
    private final @Nullable String namespace;
    private final @Nullable JsonNode dimensions;
    private final Deque<ReadItem> pending = new ArrayDeque<>();
    private boolean finished;
    private boolean inRoot;
    private @Nullable String streaming;
    private @Nullable String label;
    private @Nullable JsonNode heldDatapoints;
    private Position heldPosition = Position.START;
    private Position rootPosition = Position.START;
    private long rootOffset;
    private Position itemPosition = Position.START;
    private long itemOffset;
    private boolean rootRecognised;

    MetricDumpReader(InputStream content, SourceContext context) throws IOException {
        this.recent = new RecentBytes(content, ParseProblem.MAX_RAW_BYTES + 64 * 1024);
        this.parser = Json.FACTORY.createParser(recent);
        this.parser.setCodec(Json.MAPPER);
        this.context = context;
        this.namespace = context.option("metrics.namespace");
        this.dimensions = MetricPoint.parseDimensionsOption(context.option("metrics.dimensions"));
    }

    @Override
    public @Nullable ReadItem next() throws IOException {
        while (pending.isEmpty() && !finished) {
            try {
                step();
            } catch (JsonProcessingException e) {
                finished = true;
                JsonLocation location = e.getLocation();
                String where = location == null ? "" : " at line " + location.getLineNr() + ", column "
                        + location.getColumnNr();
                long start = streaming != null ? itemOffset : rootOffset;
                pending.add(new ParseProblem(streaming != null ? itemPosition : rootPosition, "invalid JSON" + where
                        + ": " + JacksonMessages.clean(e) + "; nothing after this point was read",
                        recent.since(start, ParseProblem.MAX_RAW_BYTES)));
            }
        }
        return pending.poll();
    }

    private void step() throws IOException {
        if (streaming != null) {
            JsonToken token = parser.nextToken();
            if (token == JsonToken.END_ARRAY) {
                streaming = null;
                return;
            }
            if (token == null) {
                throw new JsonParseException(parser, "unexpected end of input inside an array");
            }
            Position position = here();
            itemPosition = position;
            itemOffset = parser.currentTokenLocation().getByteOffset();
            JsonNode item = parser.readValueAsTree();
            position = position.withLength(parser.currentLocation().getByteOffset() - itemOffset);
            if (streaming.equals("MetricDataResults")) {
                metricDataResult(item, position);
            } else {
                datapoint(item, position);
            }
            return;
        }
        JsonToken token = parser.nextToken();
        if (!inRoot) {
            if (token == null) {
                finished = true;
            } else if (token == JsonToken.START_OBJECT) {
                inRoot = true;
                rootPosition = here();
                rootOffset = parser.currentTokenLocation().getByteOffset();
                label = null;
                heldDatapoints = null;
                rootRecognised = false;
            } else {
                Position position = here();
                parser.skipChildren();
                pending.add(ParseProblem.of(position, "expected a JSON object (get-metric-data or get-metric-statistics"
                        + " output), found " + token.asString(), null));
            }
            return;
        }
        if (token == JsonToken.END_OBJECT) {
            inRoot = false;
            if (heldDatapoints != null) {
                for (int i = 0; i < heldDatapoints.size(); i++) {
                    datapoint(heldDatapoints.get(i), heldPosition.withEnvelope(Envelopes.pointer(i)));
                }
            } else if (!rootRecognised) {
                pending.add(ParseProblem.of(rootPosition,
                        "expected MetricDataResults (get-metric-data) or Label and Datapoints (get-metric-statistics)",
                        null));
            }
            return;
        }
        if (token != JsonToken.FIELD_NAME) {
            throw new JsonParseException(parser, "unexpected end of input inside an object");
        }
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        switch (name) {
            case "MetricDataResults" -> startArray(name, value);
            case "Label" -> {
                if (value != null && value.isScalarValue() && value != JsonToken.VALUE_NULL) {
                    label = parser.getText();
                } else {
                    parser.skipChildren();
                }
            }
            case "Datapoints" -> {
                if (label != null) {
                    startArray(name, value);
                } else {
                    // Label not seen yet: hold the points until the object ends.
                    rootRecognised = true;
                    heldPosition = here();
                    JsonNode held = parser.readValueAsTree();
                    heldPosition = heldPosition.withLength(parser.currentLocation().getByteOffset() - heldPosition.offset());
                    heldDatapoints = held != null && held.isArray() ? held : null;
                }
            }
            default -> parser.skipChildren();
        }
    }

    private void startArray(String name, JsonToken value) throws IOException {
        rootRecognised = true;
        if (value == JsonToken.START_ARRAY) {
            streaming = name;
        } else {
            pending.add(ParseProblem.of(here(), name + " is not an array", parser.getText()));
            parser.skipChildren();
        }
    }

    /** {@code {"Id","Label","Timestamps":[],"Values":[],"StatusCode"}}: one record per timestamp/value pair. */
    private void metricDataResult(JsonNode result, Position position) {
        if (!result.isObject()) {
            pending.add(ParseProblem.of(position, "MetricDataResults item is not an object", result.toString()));
            return;
        }
        JsonNode timestamps = result.get("Timestamps");
        JsonNode values = result.get("Values");
        if (timestamps == null || values == null || !timestamps.isArray() || !values.isArray()) {
            pending.add(ParseProblem.of(position, "MetricDataResults item without Timestamps and Values arrays",
                    result.toString()));
            return;
        }
        String resultLabel = Json.string(result.get("Label"));
        LabelReading reading = LabelReading.of(resultLabel);
        MetricPoint series = new MetricPoint(namespace, reading.metric(), MetricPoint.canonicalDimensions(dimensions),
                reading.resource() != null ? reading.resource() : MetricPoint.resourceOf(dimensions),
                context.hints().accountId(), context.hints().region(), Json.string(result.get("Id")), resultLabel,
                Json.string(result.get("StatusCode")), null, "get-metric-data");
        int pairs = Math.min(timestamps.size(), values.size());
        for (int i = 0; i < pairs; i++) {
            Instant time = time(timestamps.get(i));
            JsonNode value = values.get(i);
            if (time == null || !value.isNumber()) {
                pending.add(ParseProblem.of(position, "MetricDataResults point " + i + " of '" + resultLabel
                        + "': expected an ISO timestamp and a number, found " + timestamps.get(i) + " and " + value,
                        timestamps.get(i) + " " + value));
                continue;
            }
            pending.add(series.record(time, List.of(new MetricPoint.Statistic(null, value.doubleValue(), null)),
                    position));
        }
        if (timestamps.size() != values.size()) {
            pending.add(ParseProblem.of(position, "MetricDataResults '" + resultLabel + "' has " + timestamps.size()
                    + " Timestamps but " + values.size() + " Values; the unpaired entries were not read",
                    result.toString()));
        }
    }

    /** A get-metric-statistics datapoint: one record with a row per statistic present. */
    private void datapoint(JsonNode point, Position position) {
        if (!point.isObject()) {
            pending.add(ParseProblem.of(position, "Datapoints item is not an object", point.toString()));
            return;
        }
        Instant time = time(point.get("Timestamp"));
        if (time == null) {
            pending.add(ParseProblem.of(position, "Datapoints item without a readable Timestamp", point.toString()));
            return;
        }
        String unit = Json.string(point.get("Unit"));
        List<MetricPoint.Statistic> statistics = new ArrayList<>();
        for (String statistic : STATISTICS) {
            JsonNode value = point.get(statistic);
            if (value != null && value.isNumber()) {
                // A sample count counts samples, whatever the metric's own unit.
                statistics.add(new MetricPoint.Statistic(statistic, value.doubleValue(),
                        statistic.equals("SampleCount") ? "Count" : unit));
            } else if (value != null) {
                pending.add(ParseProblem.of(position, "Datapoints item " + statistic + " is not a number",
                        point.toString()));
                return;
            }
        }
        JsonNode extended = point.get("ExtendedStatistics");
        if (extended != null && extended.isObject()) {
            extended.properties().forEach(entry -> {
                if (entry.getValue().isNumber()) {
                    statistics.add(new MetricPoint.Statistic(entry.getKey(), entry.getValue().doubleValue(), unit));
                }
            });
        }
        if (statistics.isEmpty()) {
            pending.add(ParseProblem.of(position, "Datapoints item without any statistic", point.toString()));
            return;
        }
        MetricPoint series = new MetricPoint(namespace, label, MetricPoint.canonicalDimensions(dimensions),
                MetricPoint.resourceOf(dimensions), context.hints().accountId(), context.hints().region(), null, label,
                null, null, "get-metric-statistics");
        pending.add(series.record(time, statistics, position));
    }

    private static @Nullable Instant time(@Nullable JsonNode node) {
        if (node != null && node.isNumber()) {
            // CLI v1 writes API times as epoch seconds with a fraction.
            return Timestamps.fromEpochNumber(node.decimalValue());
        }
        String text = Json.string(node);
        if (text == null) {
            return null;
        }
        try {
            return Timestamps.parseFlexible(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private Position here() {
        JsonLocation location = parser.currentTokenLocation();
        return new Position(location.getByteOffset(), location.getLineNr());
    }

    @Override
    public Position position() {
        JsonLocation location = parser.currentLocation();
        return new Position(location.getByteOffset(), location.getLineNr());
    }

    @Override
    public void close() throws IOException {
        parser.close();
        recent.close();
    }
}
