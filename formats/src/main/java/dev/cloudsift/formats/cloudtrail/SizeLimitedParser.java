package dev.cloudsift.formats.cloudtrail;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.base.ParserBase;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import dev.cloudsift.core.Nullable;
import java.io.IOException;

/**
 * A parser that refuses to let one record grow past a byte budget while it is being bound to a tree, so a hostile
 * file cannot make a single record fill the heap. The check runs between tokens, which leaves the underlying parser
 * in a state from which the rest of the record can be skipped.
 */
final class SizeLimitedParser extends JsonParserDelegate {
    private final long limit;
    private long recordStart = -1;

    /** The parser's own class when it has one, for the start of the token without building a location. */
    private final @Nullable ParserBase base;

    SizeLimitedParser(JsonParser parser, long limit) {
        super(parser);
        this.limit = limit;
        this.base = parser instanceof ParserBase own ? own : null;
    }

    /** Starts the budget at the current token (the record's first byte). */
    void startRecord() {
        recordStart = delegate.currentTokenLocation().getByteOffset();
    }

    /** Stops checking (between records). */
    void endRecord() {
        recordStart = -1;
    }

    long limit() {
        return limit;
    }

    /** Where the current record began, or -1 between records. */
    long recordStart() {
        return recordStart;
    }

    @Override
    public JsonToken nextToken() throws IOException {
        JsonToken token = delegate.nextToken();
        // Just past the token's first byte (a field's value's): a value is bounded by the parser's own limits, the
        // record by its last token.
        if (recordStart >= 0 && (base != null ? base.getTokenCharacterOffset()
                : delegate.currentLocation().getByteOffset()) - recordStart > limit) {
            throw new RecordTooLargeException(delegate, limit);
        }
        return token;
    }
}
