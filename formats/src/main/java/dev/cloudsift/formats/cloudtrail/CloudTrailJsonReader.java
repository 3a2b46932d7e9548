package dev.cloudsift.formats.cloudtrail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cloudsift.core.EventReader;
import dev.cloudsift.core.Nullable;
import dev.cloudsift.core.PathHints;
import dev.cloudsift.core.Position;
import dev.cloudsift.core.ReadItem;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Supplier;

/**
 * Reads the JSON shapes of CloudTrail that wrap records in a container (trail files, LookupEvents pages, arrays),
 * streaming one record at a time through {@link JsonItemStream}.
 */
final class CloudTrailJsonReader implements EventReader {
    private final JsonItemStream items;

    CloudTrailJsonReader(InputStream content, String shape, PathHints hints) throws IOException {
        this.items = new JsonItemStream(content, new JsonItemStream.ItemMapper() {
            @Override
            public ReadItem walked(RecordFields item, Position position, Supplier<String> rawText) {
                return CloudTrailItems.toItem(item, shape, position, rawText, hints);
            }

            @Override
            public ReadItem bound(JsonNode item, Position position, @Nullable String rawText) {
                return CloudTrailItems.toItem(item, shape, position, rawText, hints);
            }
        });
    }

    @Override
    public @Nullable ReadItem next() throws IOException {
        return items.next();
    }

    @Override
    public Position position() {
        return items.position();
    }

    @Override
    public void close() throws IOException {
        items.close();
    }
}
