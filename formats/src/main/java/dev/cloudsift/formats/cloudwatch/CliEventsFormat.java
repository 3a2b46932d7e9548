package dev.cloudsift.formats.cloudwatch;

/** {@code aws logs filter-log-events} / {@code get-log-events} output. Options: {@code cloudwatch.log-group}, {@code cloudwatch.log-stream}. */
public final class CliEventsFormat extends JsonDumpFormat {
    @Override
    public String name() {
        return "cloudwatch.cli";
    }

    @Override
    public String description() {
        return "aws logs filter-log-events and get-log-events output, one page or pages back to back";
    }

    @Override
    int sniffObject(String text) {
        if (!text.contains("\"events\"")) {
            return NO;
        }
        if (text.contains("\"searchedLogStreams\"") || text.contains("\"nextForwardToken\"")
                || text.contains("\"nextBackwardToken\"")) {
            return STRONG;
        }
        return text.contains("\"ingestionTime\"") && text.contains("\"message\"") ? 60 : NO;
    }
}
