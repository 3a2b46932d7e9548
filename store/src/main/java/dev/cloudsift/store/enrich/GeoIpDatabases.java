package dev.cloudsift.store.enrich;

import com.maxmind.db.CHMCache;
import com.maxmind.db.Reader;
import dev.cloudsift.core.Nullable;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The analyst's MaxMind-format databases (GeoLite2/GeoIP2 Country or City, and ASN), each recognised by the database
 * type its metadata names: one answers country and city, the other the autonomous system. Either may be missing.
 */
public final class GeoIpDatabases implements Closeable {
    /** One opened database: the file's name, the type its metadata declares and when it was built (UTC). */
    public record Database(Reader reader, String file, String type, LocalDateTime built) {
        public Database {
            Objects.requireNonNull(reader, "reader");
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(built, "built");
        }

        /** {@code GeoLite2-City (GeoLite2-City.mmdb)}: what the catalogue records as the database. */
        public String label() {
            return type + " (" + file + ")";
        }
    }

    /** What the databases say about one address; every part may be unknown. */
    public record Location(@Nullable String countryCode, @Nullable String countryName, @Nullable String city,
                           @Nullable Long asn, @Nullable String asOrganisation) {
        static final Location UNKNOWN = new Location(null, null, null, null, null);
    }

    private final @Nullable Database country;
    private final @Nullable Database asn;

    private GeoIpDatabases(@Nullable Database country, @Nullable Database asn) {
        this.country = country;
        this.asn = asn;
    }

    /**
     * Opens the given files. An ASN database (type naming ASN or ISP) answers autonomous systems, any other
     * (Country, City, Enterprise) countries and cities; two of the same kind are refused, as is a file that is not a
     * MaxMind database.
     *
     * @throws IllegalArgumentException naming the file and the reason
     */
    public static GeoIpDatabases open(List<Path> files) {
        Database country = null;
        Database asn = null;
        List<Reader> opened = new ArrayList<>();
        try {
            for (Path file : files) {
                Reader reader;
                try {
                    reader = new Reader(file.toFile(), new CHMCache());
                } catch (IOException | RuntimeException e) {
                    throw new IllegalArgumentException(file + " is not a readable MaxMind database (.mmdb): " + e.getMessage());
                }
                opened.add(reader);
                String type = String.valueOf(reader.getMetadata().getDatabaseType());
                LocalDateTime built = LocalDateTime.ofInstant(reader.getMetadata().getBuildDate().toInstant(), ZoneOffset.UTC);
                Database database = new Database(reader, String.valueOf(file.getFileName()), type, built);
                String upper = type.toUpperCase(Locale.ROOT);
                if (upper.contains("ASN") || upper.contains("ISP")) {
                    if (asn != null) {
                        throw new IllegalArgumentException("two ASN databases given (" + asn.file() + ", " + database.file() + "): give one");
                    }
                    asn = database;
                } else {
                    if (country != null) {
                        throw new IllegalArgumentException("two country databases given (" + country.file() + ", "
                                + database.file() + "): give one Country or City database");
                    }
                    country = database;
                }
            }
        } catch (IllegalArgumentException e) {
            opened.forEach(GeoIpDatabases::closeQuietly);
            throw e;
        }
        return new GeoIpDatabases(country, asn);
    }

    /** Whether any database was given. */
    public boolean any() {
        return country != null || asn != null;
    }

    public @Nullable Database country() {
        return country;
    }

    public @Nullable Database asn() {
        return asn;
    }

    /**
     * What the databases know about an address (an IP literal: no name is ever resolved). A database that cannot
     * answer for it (IPv6 in an IPv4-only file, a damaged node) contributes nothing.
     */
    public Location lookup(InetAddress address) {
        String code = null;
        String name = null;
        String city = null;
        Long number = null;
        String organisation = null;
        Map<?, ?> record = record(country, address);
        if (record != null) {
            Map<?, ?> countryMap = record.get("country") instanceof Map<?, ?> m ? m
                    : record.get("registered_country") instanceof Map<?, ?> r ? r : null;
            if (countryMap != null) {
                code = countryMap.get("iso_code") instanceof String s ? s : null;
                name = englishName(countryMap);
            }
            if (record.get("city") instanceof Map<?, ?> cityMap) {
                city = englishName(cityMap);
            }
        }
        record = record(asn, address);
        if (record != null) {
            number = record.get("autonomous_system_number") instanceof Number n ? n.longValue() : null;
            organisation = record.get("autonomous_system_organization") instanceof String s ? s : null;
        }
        if (code == null && name == null && city == null && number == null && organisation == null) {
            return Location.UNKNOWN;
        }
        return new Location(code, name, city, number, organisation);
    }

    private static @Nullable Map<?, ?> record(@Nullable Database database, InetAddress address) {
        if (database == null) {
            return null;
        }
        try {
            return database.reader().get(address, Map.class);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static @Nullable String englishName(Map<?, ?> map) {
        return map.get("names") instanceof Map<?, ?> names && names.get("en") instanceof String en ? en : null;
    }

    @Override
    public void close() {
        if (country != null) {
            closeQuietly(country.reader());
        }
        if (asn != null) {
            closeQuietly(asn.reader());
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
