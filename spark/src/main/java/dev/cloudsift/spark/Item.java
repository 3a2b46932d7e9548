package dev.cloudsift.spark;

import java.io.Serializable;
import org.apache.spark.sql.Row;

/** What reading a file yields on an executor: a part row of a table, a dedupe key, a quarantined record, or the ledger line. */
final class Item implements Serializable {
    private static final long serialVersionUID = 1L;

    static final byte ROW = 0;
    static final byte KEY = 1;
    static final byte QUARANTINE = 2;
    static final byte LEDGER = 3;

    final byte kind;
    /** The table of a part row, else null. */
    final String table;
    final Row row;
    final LedgerLine ledger;

    private Item(byte kind, String table, Row row, LedgerLine ledger) {
        this.kind = kind;
        this.table = table;
        this.row = row;
        this.ledger = ledger;
    }

    static Item row(String table, Row row) {
        return new Item(ROW, table, row, null);
    }

    static Item key(Row row) {
        return new Item(KEY, null, row, null);
    }

    static Item quarantine(Row row) {
        return new Item(QUARANTINE, null, row, null);
    }

    static Item ledger(LedgerLine line) {
        return new Item(LEDGER, null, null, line);
    }
}
