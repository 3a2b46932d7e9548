package dev.cloudsift.formats.cloudwatch;

/** A subscription event as Lambda receives it: the payload gzipped and base64-encoded in {@code awslogs.data}. */
public final class LambdaEnvelopeFormat extends JsonDumpFormat {
    @Override
    public String name() {
        return "cloudwatch.lambda";
    }

    @Override
    public String description() {
        return "CloudWatch Logs subscription events as delivered to Lambda: {\"awslogs\":{\"data\":base64(gzip(payload))}}";
    }

    @Override
    int sniffObject(String text) {
        return text.contains("\"awslogs\"") && text.contains("\"data\"") ? STRONG : NO;
    }
}
