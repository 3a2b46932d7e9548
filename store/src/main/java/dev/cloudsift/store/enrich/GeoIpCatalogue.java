package dev.cloudsift.store.enrich;

import dev.cloudsift.core.TableSchema;
import dev.cloudsift.store.CaseParts;
import dev.cloudsift.store.CaseSchema;
import dev.cloudsift.store.CaseStore;
import java.net.InetAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Fills the case's {@code geoip} table: every distinct public source and destination address of the case, looked up
 * in the analyst's databases. The addresses are found by one DuckDB query over the stored parts (the same address
 * expressions the views join on), the rows go in through DuckDB's appender, and the views are regenerated to join
 * the table. After an ingest only addresses the table does not hold yet are looked up; {@link Mode#REPLACE} (the
 * {@code enrich} command, e.g. with a newer database) looks every address up again and says how many rows changed.
 */
public final class GeoIpCatalogue {
    /** Which addresses to look up. */
    public enum Mode {
        /** Only addresses without a row (after an ingest). */
        NEW_ONLY,
        /** Every address again; rows are replaced. */
        REPLACE
    }

    /**
     * What a run did.
     *
     * @param addresses public addresses looked up
     * @param located   of those, how many the databases know something about
     * @param added     rows for addresses the table did not hold
     * @param changed   rows whose country, city, AS number or organisation differ from the row they replaced
     * @param skipped   distinct addresses not looked up (private, reserved, redacted, not an IP)
     */
    public record Result(long addresses, long located, long added, long changed, long skipped) {}

    private static final String STAGED = "geoip_staged";
    private static final String CANDIDATES = "geoip_candidates";
    private static final int PAGE = 65_536;

    private final CaseStore store;
    private final int pageSize;

    public GeoIpCatalogue(CaseStore store) {
        this(store, PAGE);
    }

    /** With addresses read {@code pageSize} at a time (tests use small pages to cross page boundaries). */
    GeoIpCatalogue(CaseStore store, int pageSize) {
        this.store = Objects.requireNonNull(store, "store");
        this.pageSize = pageSize;
    }

    /** Looks addresses up into the geoip table and regenerates the views; one transaction. */
    public Result run(GeoIpDatabases databases, Mode mode) throws SQLException {
        if (!databases.any()) {
            throw new IllegalArgumentException("no GeoIP or ASN database given");
        }
        Connection connection = store.connection();
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        boolean committed = false;
        try (Statement statement = connection.createStatement()) {
            statement.execute(CaseSchema.GEOIP);
            statement.execute("DROP TABLE IF EXISTS " + STAGED);
            statement.execute(CaseSchema.GEOIP.replace("EXISTS geoip (", "EXISTS " + STAGED + " ("));
            long[] counts = stage(connection, statement, databases, mode);
            long added = count(statement, "SELECT count(*) FROM " + STAGED + " n WHERE NOT EXISTS "
                    + "(SELECT 1 FROM geoip g WHERE g.address = n.address)");
            long changed = count(statement, "SELECT count(*) FROM " + STAGED + " n JOIN geoip g ON g.address = n.address "
                    + "WHERE g.country_code IS DISTINCT FROM n.country_code OR g.country_name IS DISTINCT FROM n.country_name "
                    + "OR g.city IS DISTINCT FROM n.city OR g.asn IS DISTINCT FROM n.asn OR g.as_org IS DISTINCT FROM n.as_org");
            statement.execute("DELETE FROM geoip WHERE address IN (SELECT address FROM " + STAGED + ")");
            statement.execute("INSERT INTO geoip SELECT * FROM " + STAGED);
            statement.execute("DROP TABLE " + STAGED);
            store.refreshViews();
            connection.commit();
            committed = true;
            return new Result(counts[0], counts[1], added, changed, counts[2]);
        } finally {
            if (!committed) {
                connection.rollback();
            }
            connection.setAutoCommit(autoCommit);
        }
    }

    /** Appends a row per public address to look up into the staging table; returns looked up, located, skipped. */
    private long[] stage(Connection connection, Statement statement, GeoIpDatabases databases, Mode mode) throws SQLException {
        String candidates = addressesQuery(store.tables().values());
        long looked = 0;
        long located = 0;
        long skipped = 0;
        if (candidates == null) {
            return new long[] {0, 0, 0};
        }
        // The distinct addresses go into a table first (DuckDB spills if they do not fit in memory), then are read
        // in pages by address, so the heap holds one page whatever the case's size.
        statement.execute("DROP TABLE IF EXISTS " + CANDIDATES);
        statement.execute("CREATE TABLE " + CANDIDATES + " AS SELECT DISTINCT address FROM (" + candidates
                + ") WHERE address IS NOT NULL AND address <> ''" + (mode == Mode.NEW_ONLY ? " AND address NOT IN (SELECT address FROM geoip)" : ""));
        GeoIpDatabases.Database country = databases.country();
        GeoIpDatabases.Database asn = databases.asn();
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        String last = "";
        try (PreparedStatement page = connection.prepareStatement("SELECT address FROM " + CANDIDATES
                + " WHERE address > ? ORDER BY address LIMIT " + pageSize);
             DuckDBAppender appender = connection.unwrap(DuckDBConnection.class).createAppender(DuckDBConnection.DEFAULT_SCHEMA, STAGED)) {
            while (true) {
                List<String> addresses = new ArrayList<>();
                page.setString(1, last);
                try (ResultSet rows = page.executeQuery()) {
                    while (rows.next()) {
                        addresses.add(rows.getString(1));
                    }
                }
                if (addresses.isEmpty()) {
                    break;
                }
                last = addresses.get(addresses.size() - 1);
                for (String text : addresses) {
                    InetAddress address = PublicAddresses.parse(text);
                    if (address == null) {
                        skipped++;
                        continue;
                    }
                    looked++;
                    GeoIpDatabases.Location location = databases.lookup(address);
                    if (location != GeoIpDatabases.Location.UNKNOWN) {
                        located++;
                    }
                    appender.beginRow();
                    appender.append(text);
                    appendText(appender, location.countryCode());
                    appendText(appender, location.countryName());
                    appendText(appender, location.city());
                    if (location.asn() == null) {
                        appender.appendNull();
                    } else {
                        appender.append(location.asn().longValue());
                    }
                    appendText(appender, location.asOrganisation());
                    appendText(appender, country == null ? null : country.label());
                    appendTime(appender, country == null ? null : country.built());
                    appendText(appender, asn == null ? null : asn.label());
                    appendTime(appender, asn == null ? null : asn.built());
                    appender.append(now);
                    appender.endRow();
                }
            }
        }
        statement.execute("DROP TABLE " + CANDIDATES);
        return new long[] {looked, located, skipped};
    }

    /**
     * One query listing every source and destination address of the case's stored parts (with duplicates), or null
     * when no table has addresses. It reads the stored views, not {@code events}, so it does not join geoip itself.
     */
    static String addressesQuery(java.util.Collection<TableSchema> tables) {
        List<String> branches = new ArrayList<>();
        for (TableSchema table : tables.stream().sorted(java.util.Comparator.comparing(TableSchema::name)).toList()) {
            for (Map.Entry<String, String> address : CaseParts.addressExpressions(table).entrySet()) {
                branches.add("SELECT CAST(" + address.getValue() + " AS VARCHAR) AS address FROM " + CaseParts.stored(table.name()));
            }
        }
        return branches.isEmpty() ? null : String.join(" UNION ALL ", branches);
    }

    private static void appendText(DuckDBAppender appender, String value) throws SQLException {
        if (value == null) {
            appender.appendNull();
        } else {
            appender.append(value);
        }
    }

    private static void appendTime(DuckDBAppender appender, LocalDateTime value) throws SQLException {
        if (value == null) {
            appender.appendNull();
        } else {
            appender.append(value);
        }
    }

    private static long count(Statement statement, String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getLong(1) : 0;
        }
    }
}
