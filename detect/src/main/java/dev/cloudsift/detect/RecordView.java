package dev.cloudsift.detect;

import dev.cloudsift.core.Nullable;

/** One record as the Java evaluator sees it: field values as text, numbers and presence, and the record text. */
interface RecordView {
    @Nullable String text(String field);

    @Nullable Double number(String field);

    boolean exists(String field);

    @Nullable String recordText();
}
