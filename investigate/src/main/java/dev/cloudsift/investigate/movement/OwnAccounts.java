package dev.cloudsift.investigate.movement;

import dev.cloudsift.investigate.CaseTables;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The case's own accounts: every account that delivered CloudTrail records (recipient accounts), that Config
 * recorded items of, or that an input file's S3 path named (the ledger's hints). A share to any other account is
 * a share out of the case.
 */
public final class OwnAccounts {
    private OwnAccounts() {}

    public static Set<String> of(Connection connection) throws SQLException {
        List<String> parts = new ArrayList<>();
        if (CaseTables.exists(connection, "cloudtrail")) {
            parts.add("SELECT recipient_account_id AS a FROM cloudtrail");
        }
        if (CaseTables.exists(connection, "config")) {
            parts.add("SELECT account_id FROM config");
        }
        if (CaseTables.columns(connection, "ingest_files").contains("hint_account_id")) {
            parts.add("SELECT hint_account_id FROM ingest_files");
        }
        Set<String> accounts = new TreeSet<>();
        if (parts.isEmpty()) {
            return accounts;
        }
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT DISTINCT a FROM (" + String.join(" UNION ALL ", parts)
                     + ") WHERE regexp_matches(a, '^[0-9]{12}$')")) {
            while (result.next()) {
                accounts.add(result.getString(1));
            }
        }
        return accounts;
    }
}
