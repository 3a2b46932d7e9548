package dev.cloudsift.formats.cloudtrail;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;

/** Thrown between tokens when one record grows past {@link SizeLimitedParser}'s limit; the stream stays usable. */
final class RecordTooLargeException extends JsonProcessingException {
    private static final long serialVersionUID = 1L;

    RecordTooLargeException(JsonParser parser, long limit) {
        super("record is larger than " + (limit / (1024 * 1024)) + " MiB", parser.currentLocation());
    }
}
