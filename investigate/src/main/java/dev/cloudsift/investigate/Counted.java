package dev.cloudsift.investigate;

import java.util.Objects;

/** A value and how often it was seen. */
public record Counted(String value, long count) {
    public Counted {
        Objects.requireNonNull(value, "value");
    }
}
