package dev.cloudsift.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cloudsift.core.Json;
import dev.cloudsift.core.Nullable;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Runs an analyst's SQL over a case without letting it change anything or reach outside the case.
 *
 * <p>DuckDB's own parser decides what a statement is ({@code json_serialize_sql} serialises only SELECT
 * statements, which include WITH, DESCRIBE, SHOW and SUMMARIZE); EXPLAIN is accepted when what it explains is
 * such a SELECT. Everything else (COPY, ATTACH, INSTALL, LOAD, SET, PRAGMA, CREATE SECRET, ...) is refused before
 * it runs, because DuckDB keeps the case's own files writable even with external access off. Table functions are
 * taken from an allow-list: file readers only for paths inside {@code readableFolder}, and none when it is null.
 */
public final class ReadOnlyQuery implements AutoCloseable {
    /** Table functions that read no file and reach no network: DuckDB's catalogue and generators. */
    private static final Set<String> SAFE_TABLE_FUNCTIONS = Set.of(
            "range", "generate_series", "unnest", "json_each", "json_tree", "repeat", "repeat_row",
            "pragma_table_info", "pragma_show", "pragma_storage_info", "pragma_metadata_info", "pragma_version",
            "pragma_database_size", "pragma_functions", "pragma_collations", "pragma_platform", "show", "show_tables",
            "show_tables_expanded", "show_databases", "summary", "test_all_types", "which_secret");
    /** Table functions that read files: allowed only inside the readable folder. */
    private static final Set<String> FILE_TABLE_FUNCTIONS = Set.of(
            "read_parquet", "parquet_scan", "parquet_metadata", "parquet_schema", "parquet_file_metadata",
            "parquet_kv_metadata", "parquet_bloom_probe", "read_csv", "read_csv_auto", "sniff_csv", "read_json",
            "read_json_auto", "read_json_objects", "read_json_objects_auto", "read_ndjson", "read_ndjson_auto",
            "read_ndjson_objects", "glob", "read_text", "read_blob");
    /** A statement longer than this is refused: no hand-written query comes near it. */
    static final int MAX_SQL_CHARS = 1_000_000;

    private final CaseStore store;
    private final @Nullable Path readableFolder;

    private ReadOnlyQuery(CaseStore store, @Nullable Path readableFolder) {
        this.store = store;
        this.readableFolder = readableFolder == null ? null : readableFolder.toAbsolutePath().normalize();
    }

    /**
     * Opens the case read-only with results streamed (a result never has to fit in memory) and locks the
     * connection: no extension install or autoload, no external access, configuration frozen.
     *
     * @param readableFolder the only folder file-reading table functions may read, or null for none
     */
    public static ReadOnlyQuery open(Path caseFile, @Nullable Path readableFolder) {
        CaseStore store = CaseStore.openReadOnlyStreaming(caseFile);
        try {
            ReadOnlyQuery query = new ReadOnlyQuery(store, readableFolder);
            query.lockDown();
            return query;
        } catch (SQLException | RuntimeException e) {
            store.close();
            throw e instanceof CaseStoreException c ? c : new CaseStoreException("cannot lock the query connection: " + e.getMessage(), e);
        }
    }

    private void lockDown() throws SQLException {
        List<String> settings = new ArrayList<>(List.of(
                "SET autoinstall_known_extensions = false",
                "SET autoload_known_extensions = false"));
        // allowed_directories can only be set while external access is still on
        settings.add(readableFolder == null ? "SET allowed_directories = []"
                : "SET allowed_directories = [" + String.join(", ", allowedDirectories()) + "]");
        settings.add("SET enable_external_access = false");
        settings.add("SET lock_configuration = true");
        try (Statement statement = store.connection().createStatement()) {
            for (String setting : settings) {
                statement.execute(setting);
            }
        }
    }

    /**
     * The readable folder as DuckDB must see it: in full, and, when it lies inside the case, also relative to the
     * case folder, because the views name their parts so (resolved through {@code file_search_path}) and DuckDB
     * checks the path as written. Queries themselves may name only full paths ({@link #checkTableFunction}).
     */
    private List<String> allowedDirectories() {
        List<String> allowed = new ArrayList<>();
        allowed.add("'" + sqlString(readableFolder + "/") + "'");
        Path caseFolder = store.folder().toAbsolutePath().normalize();
        if (readableFolder.startsWith(caseFolder) && !readableFolder.equals(caseFolder)) {
            allowed.add("'" + sqlString(CaseParts.relative(caseFolder, readableFolder) + "/") + "'");
        }
        return allowed;
    }

    /** Checks the statement and runs it; the caller closes the result. */
    public ResultSet execute(String sql) throws SQLException {
        check(sql);
        Statement statement = store.connection().createStatement();
        try {
            statement.closeOnCompletion();
            return statement.executeQuery(sql);
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }

    /** Throws {@link QueryRefusedException} unless the SQL is exactly one read DuckDB's parser recognises. */
    public void check(String sql) throws SQLException {
        Objects.requireNonNull(sql, "sql");
        if (sql.length() > MAX_SQL_CHARS) {
            throw new QueryRefusedException("the query is longer than " + MAX_SQL_CHARS + " characters");
        }
        JsonNode parsed = serialise(sql);
        if (parsed.path("error").asBoolean(false) && isNotSelect(parsed)) {
            // EXPLAIN is not serialisable; what it explains must be, and is checked the same way.
            String explained = explainedStatement(sql);
            if (explained == null) {
                throw new QueryRefusedException("only a read runs here (SELECT, WITH, FROM, DESCRIBE, SHOW, SUMMARIZE or "
                        + "EXPLAIN of one); COPY, ATTACH, INSTALL, LOAD, SET, PRAGMA, CREATE, INSERT and the like are refused");
            }
            parsed = serialise(explained);
            if (parsed.path("error").asBoolean(false) && isNotSelect(parsed)) {
                throw new QueryRefusedException("EXPLAIN only of a read (SELECT, WITH, FROM, DESCRIBE, SHOW, SUMMARIZE)");
            }
        }
        if (parsed.path("error").asBoolean(false)) {
            throw new SQLException(parsed.path("error_type").asText("error") + " error: "
                    + parsed.path("error_message").asText("the query cannot be parsed"));
        }
        JsonNode statements = parsed.path("statements");
        if (statements.size() != 1) {
            throw new QueryRefusedException("exactly one statement per query (this one has " + statements.size() + ")");
        }
        checkSources(statements);
    }

    private JsonNode serialise(String sql) throws SQLException {
        try (PreparedStatement statement = store.connection().prepareStatement("SELECT json_serialize_sql(?::VARCHAR)")) {
            statement.setString(1, sql);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return Json.MAPPER.readTree(result.getString(1));
            }
        } catch (IOException e) {
            throw new SQLException("cannot read DuckDB's parse of the query: " + e.getMessage(), e);
        }
    }

    private static boolean isNotSelect(JsonNode parsed) {
        return parsed.path("error_message").asText("").startsWith("Only SELECT statements");
    }

    /** The statement after a leading {@code EXPLAIN [ANALYZE]}, or null when it does not start so. */
    private static @Nullable String explainedStatement(String sql) {
        String rest = sql.stripLeading();
        String keyword = firstWord(rest);
        if (!keyword.equalsIgnoreCase("explain")) {
            return null;
        }
        rest = rest.substring(keyword.length()).stripLeading();
        if (firstWord(rest).equalsIgnoreCase("analyze") || firstWord(rest).equalsIgnoreCase("analyse")) {
            rest = rest.substring(7).stripLeading();
        }
        return rest;
    }

    private static String firstWord(String text) {
        int end = 0;
        while (end < text.length() && Character.isLetter(text.charAt(end))) {
            end++;
        }
        return text.substring(0, end);
    }

    /** Walks the whole parse tree: every table function and every table name that DuckDB could read as a file. */
    private void checkSources(JsonNode node) {
        if (node.isArray()) {
            for (JsonNode child : node) {
                checkSources(child);
            }
            return;
        }
        if (!node.isObject()) {
            return;
        }
        String type = node.path("type").asText("");
        if (type.equals("TABLE_FUNCTION")) {
            checkTableFunction(node.path("function"));
        } else if (type.equals("BASE_TABLE")) {
            String name = node.path("table_name").asText("");
            // DuckDB reads FROM 'file.csv' through a replacement scan; case tables have plain names
            if (name.contains(".") || name.contains("/") || name.contains("\\") || name.contains(":")) {
                throw new QueryRefusedException("'" + name + "' is not a table of the case; files are not read from queries"
                        + (readableFolder == null ? "" : " except through read_parquet and the like inside " + readableFolder));
            }
        }
        node.elements().forEachRemaining(this::checkSources);
    }

    private void checkTableFunction(JsonNode function) {
        String name = function.path("function_name").asText("").toLowerCase(Locale.ROOT);
        if (SAFE_TABLE_FUNCTIONS.contains(name) || name.startsWith("duckdb_")) {
            return;
        }
        if (!FILE_TABLE_FUNCTIONS.contains(name)) {
            throw new QueryRefusedException("table function " + name + " is not allowed in queries over a case");
        }
        if (readableFolder == null) {
            throw new QueryRefusedException(name + " reads files; queries read only the case's tables");
        }
        JsonNode children = function.path("children");
        if (children.isEmpty()) {
            throw new QueryRefusedException(name + " needs a path inside " + readableFolder);
        }
        List<String> paths = new ArrayList<>();
        if (!constantStrings(children.get(0), paths) || paths.isEmpty()) {
            throw new QueryRefusedException(name + " takes only literal paths here");
        }
        for (String path : paths) {
            // DuckDB resolves a relative path against the working directory or the case folder, whichever has it:
            // only a full path says for sure which file is meant.
            if (!Path.of(path).isAbsolute()) {
                throw new QueryRefusedException(name + " needs a full path inside " + readableFolder + ", not " + path);
            }
            Path resolved = Path.of(path).normalize();
            if (!resolved.startsWith(readableFolder) || path.contains("://")) {
                throw new QueryRefusedException(name + " may read only inside " + readableFolder + ", not " + path);
            }
        }
    }

    /** Collects a string constant or a list of them; false for anything computed. */
    private static boolean constantStrings(JsonNode expression, List<String> into) {
        String kind = expression.path("class").asText("");
        if (kind.equals("CONSTANT")) {
            JsonNode value = expression.path("value");
            if (!value.path("type").path("id").asText("").equals("VARCHAR") || value.path("is_null").asBoolean(false)) {
                return false;
            }
            into.add(value.path("value").asText(""));
            return true;
        }
        if (kind.equals("FUNCTION") && expression.path("function_name").asText("").equals("list_value")) {
            for (JsonNode child : expression.path("children")) {
                if (!constantStrings(child, into)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    private static String sqlString(Object value) {
        return value.toString().replace("'", "''");
    }

    /** The case the query reads. */
    public CaseStore store() {
        return store;
    }

    @Override
    public void close() {
        store.close();
    }
}
