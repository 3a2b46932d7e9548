package dev.cloudsift.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;

/**
 * Views the store keeps over source tables (e.g. {@code s3_object_access}, CloudTrail S3 data events beside S3
 * access logs). Each is a SQL script beside this class, run when the case is opened for writing and only when every
 * table it reads exists.
 */
public final class CaseViews {
    /** One view script and the tables it reads. */
    record Script(String resource, List<String> tables) {}

    static final List<Script> SCRIPTS = List.of(new Script("s3_object_access.sql", List.of("cloudtrail", "s3access")));

    private CaseViews() {}

    /** Runs every script whose tables exist; a script that fails adds a warning and the rest go on. */
    static void create(Statement statement, Set<String> tables, List<String> warnings) {
        for (Script script : SCRIPTS) {
            if (!tables.containsAll(script.tables())) {
                continue;
            }
            try {
                run(statement, script.resource());
            } catch (IOException | SQLException e) {
                warnings.add("view " + script.resource() + " not created: " + e.getMessage());
            }
        }
    }

    /** Runs one script: statements end with {@code ;} at the end of a line. */
    public static void run(Statement statement, String resource) throws IOException, SQLException {
        try (InputStream in = CaseViews.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("view script " + resource + " missing from the class path");
            }
            for (String sql : new String(in.readAllBytes(), StandardCharsets.UTF_8).split(";\\s*(\\r?\\n|$)")) {
                boolean onlyComments = sql.lines().map(String::strip).allMatch(line -> line.isEmpty() || line.startsWith("--"));
                if (!onlyComments) {
                    statement.execute(sql);
                }
            }
        }
    }
}
