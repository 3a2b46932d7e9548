package dev.cloudsift.investigate.movement;

import dev.cloudsift.core.Nullable;

import java.util.ArrayList;
import java.util.List;

/** Rows of one kind with the total over all of them (distinct objects and connections cannot be summed from rows). */
record Totalled(List<MovementRow> rows, @Nullable MovementRow total) {
    static final Totalled EMPTY = new Totalled(List.of(), null);

    Totalled {
        rows = List.copyOf(rows);
    }

    static final class Builder {
        private final List<MovementRow> rows = new ArrayList<>();
        private MovementRow total;

        void add(MovementRow row, boolean isTotal) {
            if (isTotal) {
                total = row;
            } else {
                rows.add(row);
            }
        }

        Totalled build() {
            return new Totalled(rows, total);
        }
    }
}
