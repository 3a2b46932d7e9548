package dev.cloudsift.investigate.movement;

import dev.cloudsift.investigate.CaseTables;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/** Binds a filter's entity and time range to the parameters every movement query opens with. */
final class Bind {
    private Bind() {}

    /** Parameters 1-5: entity, from, from, to, to. */
    static void filter(PreparedStatement statement, MovementFilter filter) throws SQLException {
        statement.setObject(1, filter.entity());
        Object from = filter.from() == null ? null : CaseTables.sqlTime(filter.from());
        Object to = filter.to() == null ? null : CaseTables.sqlTime(filter.to());
        statement.setObject(2, from);
        statement.setObject(3, from);
        statement.setObject(4, to);
        statement.setObject(5, to);
    }
}
