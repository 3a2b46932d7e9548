package dev.cloudsift.investigate;

import com.maxmind.db.CHMCache;
import com.maxmind.db.Reader;
import dev.cloudsift.core.IpAddresses;
import dev.cloudsift.core.Nullable;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Country and autonomous system of IP addresses from MaxMind-format databases the analyst supplies (GeoLite2 or
 * GeoIP2 Country/City and ASN files; several may be given and are asked in turn). Without databases every lookup
 * is empty and nothing else changes. Lookups are cached per address.
 */
public final class GeoIp implements Closeable {
    public static final GeoIp NONE = new GeoIp(List.of());
    private static final int CACHE = 10_000;

    private final List<Reader> readers;
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

    public boolean enabled() {
        return !readers.isEmpty();
    }

    /** "DE, AS3320 Deutsche Telekom AG" (what the databases know), or null. */
    public synchronized @Nullable String describe(@Nullable String ip) {
        if (readers.isEmpty() || ip == null || !IpAddresses.isIpAddress(ip)) {
            return null;
        }
        return cache.computeIfAbsent(ip, this::lookup).orElse(null);
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
    }

    private static void closeQuietly(Reader reader) {
        try {
            reader.close();
        } catch (IOException ignored) {
            // read-only file: nothing to lose
        }
    }
}
