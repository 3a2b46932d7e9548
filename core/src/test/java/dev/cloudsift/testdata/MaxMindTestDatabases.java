package dev.cloudsift.testdata;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * MaxMind's published test databases (see {@code geoip/PROVENANCE.md} in the test resources), copied out of the
 * class path into a folder so that they can be opened by path as an analyst's database would be.
 */
public final class MaxMindTestDatabases {
    /** GeoIP2 Country test database: country only. */
    public static final String COUNTRY = "GeoIP2-Country-Test.mmdb";
    /** GeoIP2 City test database: country and city. */
    public static final String CITY = "GeoIP2-City-Test.mmdb";
    /** GeoLite2 ASN test database: autonomous system number and organisation. */
    public static final String ASN = "GeoLite2-ASN-Test.mmdb";

    private MaxMindTestDatabases() {}

    /** Copies one of the databases into {@code folder} and returns its path there. */
    public static Path copy(String name, Path folder) {
        try (InputStream in = MaxMindTestDatabases.class.getResourceAsStream("/geoip/" + name)) {
            if (in == null) {
                throw new IllegalStateException("test database " + name + " missing from the class path");
            }
            Files.createDirectories(folder);
            Path target = folder.resolve(name);
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
