package dev.cloudsift.report;

import dev.cloudsift.core.Nullable;
import dev.cloudsift.investigate.CaseTables;
import dev.cloudsift.investigate.GeoIp;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Country and autonomous system of an address: from the case's own GeoIP columns ({@code events.src_country},
 * {@code src_asn}) when the case was enriched, so the report says what the case recorded; otherwise from the GeoIP
 * databases given to the report, looked up now.
 */
final class AddressPlaces {
    private static final List<String> ORGANISATION_COLUMNS = List.of("src_as_org", "src_asn_org", "src_org");

    private final Connection connection;
    private final GeoIp geo;
    private final boolean stored;
    private final @Nullable String organisation;
    private final Map<String, Optional<String>> known = new HashMap<>();

    AddressPlaces(Connection connection, GeoIp geo) throws SQLException {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.geo = Objects.requireNonNull(geo, "geo");
        Set<String> columns = CaseTables.columns(connection, "events");
        this.stored = columns.contains("src_country") && columns.contains("src_asn");
        this.organisation = ORGANISATION_COLUMNS.stream().filter(columns::contains).findFirst().orElse(null);
    }

    /** "DE, AS3320 Deutsche Telekom AG", or null when nothing is known. */
    @Nullable String describe(@Nullable String ip) throws SQLException {
        if (ip == null || ip.isEmpty()) {
            return null;
        }
        Optional<String> place = known.get(ip);
        if (place == null) {
            String found = stored ? fromCase(ip) : null;
            place = Optional.ofNullable(found != null ? found : geo.describe(ip));
            known.put(ip, place);
        }
        return place.orElse(null);
    }

    /**
     * The address with what is known of it in brackets ({@code 203.0.113.45 [DE, AS64500]}); a lookup that fails
     * leaves the address bare rather than the report unwritten.
     */
    String annotate(String ip) {
        String place;
        try {
            place = describe(ip);
        } catch (SQLException e) {
            place = geo.describe(ip);
        }
        return place == null ? ip : ip + " [" + place + "]";
    }

    private @Nullable String fromCase(String ip) throws SQLException {
        String sql = "SELECT CAST(src_country AS VARCHAR), CAST(src_asn AS VARCHAR)"
                + (organisation == null ? "" : ", CAST(" + organisation + " AS VARCHAR)")
                + " FROM events WHERE src_ip = ? AND (src_country IS NOT NULL OR src_asn IS NOT NULL) LIMIT 1";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, ip);
            try (ResultSet result = statement.executeQuery()) {
                if (!result.next()) {
                    return null;
                }
                List<String> parts = new ArrayList<>();
                if (result.getString(1) != null && !result.getString(1).isEmpty()) {
                    parts.add(result.getString(1));
                }
                String asn = result.getString(2);
                if (asn != null && !asn.isEmpty()) {
                    String name = organisation == null ? null : result.getString(3);
                    parts.add((asn.regionMatches(true, 0, "AS", 0, 2) ? asn : "AS" + asn) + (name == null || name.isEmpty() ? "" : " " + name));
                }
                return parts.isEmpty() ? null : String.join(", ", parts);
            }
        }
    }
}
