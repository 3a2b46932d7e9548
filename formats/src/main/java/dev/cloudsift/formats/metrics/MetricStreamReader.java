package dev.cloudsift.formats.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cloudsift.core.EventReader;
import dev.cloudsift.core.Json;
import dev.cloudsift.core.Nullable;
import dev.cloudsift.core.ParseProblem;
import dev.cloudsift.core.Position;
import dev.cloudsift.core.ReadItem;
import dev.cloudsift.core.SourceContext;
import dev.cloudsift.formats.cloudwatch.JacksonMessages;
import dev.cloudsift.formats.cloudwatch.LineReader;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads metric stream lines. {@code value} holds {@code max}, {@code min}, {@code sum}, {@code count} and any
 * configured percentiles; they are stored under CloudWatch's statistic names (Maximum, Minimum, Sum, SampleCount,
 * p99, ...) plus Average = sum / count, so stream and API dumps of the same metric compare directly.
 */
final class MetricStreamReader implements EventReader {
    /** No metric stream record comes near this; longer lines are hostile and quarantined cut. */
    private static final int MAX_LINE_BYTES = 64 * 1024;

    private final LineReader lines;
    private final SourceContext context;

    MetricStreamReader(InputStream content, SourceContext context) {
        this.lines = new LineReader(content, MAX_LINE_BYTES);
        this.context = context;
    }

    @Override
    public @Nullable ReadItem next() throws IOException {
        while (true) {
            LineReader.Line line = lines.next();
            if (line == null) {
                return null;
            }
            if (line.text().isBlank()) {
                continue;
            }
            Position position = new Position(line.offset(), line.number()).withLength(line.length());
            if (line.overlong()) {
                return ParseProblem.of(position, "line of " + line.length() + " bytes is longer than the "
                        + MAX_LINE_BYTES + " bytes a metric stream record can take", line.text());
            }
            return read(line.text(), position);
        }
    }

    private ReadItem read(String text, Position position) {
        JsonNode record;
        try {
            record = Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            return ParseProblem.of(position, "invalid JSON: " + JacksonMessages.clean(e)
                    + "; expected one metric stream record per line", text);
        }
        if (record == null || !record.isObject()) {
            return ParseProblem.of(position, "expected a JSON object per line", text);
        }
        String metric = Json.string(record.get("metric_name"));
        if (metric == null) {
            return ParseProblem.of(position, "metric stream record without metric_name", text);
        }
        JsonNode timestamp = record.get("timestamp");
        if (timestamp == null || !timestamp.isIntegralNumber() || !timestamp.canConvertToLong()) {
            return ParseProblem.of(position, "metric stream record without a numeric timestamp (epoch milliseconds)",
                    text);
        }
        JsonNode value = record.get("value");
        if (value == null || !value.isObject()) {
            return ParseProblem.of(position, "metric stream record without a value object", text);
        }
        String unit = Json.string(record.get("unit"));
        List<MetricPoint.Statistic> statistics = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : value.properties()) {
            if (!field.getValue().isNumber()) {
                return ParseProblem.of(position, "value." + field.getKey() + " is not a number", text);
            }
            String statistic = statisticName(field.getKey());
            statistics.add(new MetricPoint.Statistic(statistic, field.getValue().doubleValue(),
                    statistic.equals("SampleCount") ? "Count" : unit));
        }
        JsonNode sum = value.get("sum");
        JsonNode count = value.get("count");
        if (sum != null && count != null && count.doubleValue() > 0) {
            statistics.add(new MetricPoint.Statistic("Average", sum.doubleValue() / count.doubleValue(), unit));
        }
        if (statistics.isEmpty()) {
            return ParseProblem.of(position, "metric stream record with an empty value object", text);
        }
        JsonNode dimensions = record.get("dimensions");
        String account = Json.string(record.get("account_id"));
        String region = Json.string(record.get("region"));
        MetricPoint series = new MetricPoint(Json.string(record.get("namespace")), metric,
                MetricPoint.canonicalDimensions(dimensions), MetricPoint.resourceOf(dimensions),
                account != null ? account : context.hints().accountId(),
                region != null ? region : context.hints().region(), null, null, null,
                Json.string(record.get("metric_stream_name")), "metric-stream");
        return series.record(Instant.ofEpochMilli(timestamp.longValue()), statistics, position);
    }

    private static String statisticName(String streamName) {
        return switch (streamName) {
            case "max" -> "Maximum";
            case "min" -> "Minimum";
            case "sum" -> "Sum";
            case "count" -> "SampleCount";
            default -> streamName;
        };
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
