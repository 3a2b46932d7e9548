package dev.cloudsift.investigate;

import com.maxmind.db.CHMCache;
import com.maxmind.db.Reader;
import dev.cloudsift.core.IpAddresses;
import dev.cloudsift.core.Nullable;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Country and autonomous system of IP addresses: first from the case's {@code geoip} table (what {@code ingest
 * --geoip} or {@code enrich} recorded), then from MaxMind-format databases the analyst supplies at display time
 * (GeoLite2 or GeoIP2 Country/City and ASN files; several may be given and are asked in turn). Without either every
 * lookup is empty and nothing else changes. Lookups are cached per address.
 */
public final class GeoIp implements Closeable {
    public static final GeoIp NONE = new GeoIp(List.of());
    private static final int CACHE = 10_000;

    private final List<Reader> readers;
    private @Nullable PreparedStatement catalogue;
    private final Map<String, Optional<String>> cache = new LinkedHashMap<>(256, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Optional<String>> eldest) {
            return size() > CACHE;
        }
    };

    private GeoIp(List<Reader> readers) {
        this.readers = List.copyOf(readers);
    }

    /**
     * @throws IllegalArgumentException naming the file when it is not a MaxMind database
     */
    public static GeoIp open(List<Path> files) {
        List<Reader> readers = new ArrayList<>();
        for (Path file : files) {
            try {
                readers.add(new Reader(file.toFile(), new CHMCache()));
            } catch (IOException | RuntimeException e) {
                readers.forEach(GeoIp::closeQuietly);
                throw new IllegalArgumentException(file + " is not a readable MaxMind database (.mmdb): " + e.getMessage());
            }
        }
        return new GeoIp(readers);
    }

    /**
     * These databases, asked after the case's {@code geoip} table when the case has one (the connection must stay
     * open while this is used). Returns this object.
     */
    public GeoIp withCase(Connection connection) {
        try (PreparedStatement exists = connection.prepareStatement(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'main' AND table_name = 'geoip'");
             ResultSet result = exists.executeQuery()) {
            if (result.next() && result.getLong(1) > 0 && this != NONE) {
                catalogue = connection.prepareStatement("SELECT country_code, asn, as_org FROM geoip WHERE address = ? LIMIT 1");
            }
        } catch (SQLException e) {
            // a case that cannot say is a case without the table: display-time databases still answer
        }
        return this;
    }

    public boolean enabled() {
        return !readers.isEmpty() || catalogue != null;
    }

    /** "DE, AS3320 Deutsche Telekom AG" (what the databases know), or null. */
    public synchronized @Nullable String describe(@Nullable String ip) {
        if (!enabled() || ip == null || !IpAddresses.isIpAddress(ip)) {
            return null;
        }
        return cache.computeIfAbsent(ip, address -> fromCase(address).or(() -> lookup(address))).orElse(null);
    }

    private Optional<String> fromCase(String ip) {
        if (catalogue == null) {
            return Optional.empty();
        }
        try {
            catalogue.setString(1, ip);
            try (ResultSet row = catalogue.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                long number = row.getLong(2);
                return describe(row.getString(1), row.wasNull() ? null : number, row.getString(3));
            }
        } catch (SQLException e) {
            return Optional.empty();
        }
    }

    /** The address with what is known about it in brackets: {@code 203.0.113.45 [DE, AS64500 Example]}. */
    public String annotate(String ip) {
        String description = describe(ip);
        return description == null ? ip : ip + " [" + description + "]";
    }

    private Optional<String> lookup(String ip) {
        String country = null;
        Long asNumber = null;
        String asName = null;
        try {
            InetAddress address = InetAddress.getByName(ip);
            for (Reader reader : readers) {
                @SuppressWarnings("unchecked")
                Map<String, Object> record = reader.get(address, Map.class);
                if (record == null) {
                    continue;
                }
                if (country == null && record.get("country") instanceof Map<?, ?> countryMap
                        && countryMap.get("iso_code") instanceof String code) {
                    country = code;
                }
                if (country == null && record.get("registered_country") instanceof Map<?, ?> registered
                        && registered.get("iso_code") instanceof String code) {
                    country = code;
                }
                if (asNumber == null && record.get("autonomous_system_number") instanceof Number number) {
                    asNumber = number.longValue();
                }
                if (asName == null && record.get("autonomous_system_organization") instanceof String name) {
                    asName = name;
                }
            }
        } catch (IOException | RuntimeException e) {
            // an address the database cannot answer for (IPv6 in an IPv4-only file, a corrupt node) has no enrichment
            return Optional.empty();
        }
        return describe(country, asNumber, asName);
    }

    private static Optional<String> describe(@Nullable String country, @Nullable Long asNumber, @Nullable String asName) {
        List<String> parts = new ArrayList<>();
        if (country != null) {
            parts.add(country);
        }
        if (asNumber != null) {
            parts.add("AS" + asNumber + (asName == null ? "" : " " + asName));
        } else if (asName != null) {
            parts.add(asName);
        }
        return parts.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", parts));
    }

    @Override
    public void close() {
        readers.forEach(GeoIp::closeQuietly);
        if (catalogue != null) {
            try {
                catalogue.close();
            } catch (SQLException ignored) {
                // a read-only statement: nothing to lose
            }
            catalogue = null;
        }
    }

    private static void closeQuietly(Reader reader) {
        try {
            reader.close();
        } catch (IOException ignored) {
            // read-only file: nothing to lose
        }
    }
}
