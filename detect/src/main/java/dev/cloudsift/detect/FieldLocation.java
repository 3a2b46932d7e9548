package dev.cloudsift.detect;

import dev.cloudsift.core.Nullable;
import java.util.Objects;

/**
 * Where a Sigma field lives in the case: a column of the rule's source table ({@code s}), of the common
 * {@code events} table ({@code e}), or a JSON path inside a source column.
 */
record FieldLocation(Place place, String column, @Nullable String jsonPath, @Nullable String warning) {
    /** The table a location reads. */
    enum Place { SOURCE, EVENTS, JSON }

    FieldLocation {
        Objects.requireNonNull(place, "place");
        Objects.requireNonNull(column, "column");
    }
}
