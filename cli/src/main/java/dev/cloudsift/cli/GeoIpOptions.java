package dev.cloudsift.cli;

import dev.cloudsift.store.enrich.GeoIpDatabases;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --geoip FILE} and {@code --asn FILE} of the commands that write what the databases say into the case. */
public final class GeoIpOptions {
    @Option(names = "--geoip", paramLabel = "FILE",
            description = "MaxMind Country or City database (.mmdb, e.g. GeoLite2-City.mmdb): country and city of every"
                    + " public address go into the case's geoip table.")
    List<Path> geoipFiles = new ArrayList<>();

    @Option(names = "--asn", paramLabel = "FILE",
            description = "MaxMind ASN database (.mmdb, e.g. GeoLite2-ASN.mmdb): autonomous system of every public address.")
    List<Path> asnFiles = new ArrayList<>();

    /** Every database file given. */
    List<Path> files() {
        List<Path> files = new ArrayList<>(geoipFiles);
        files.addAll(asnFiles);
        return files;
    }

    /** Opens the databases (none given: an empty set); a file that is no database is a usage error. */
    GeoIpDatabases open() {
        return open(files());
    }

    static GeoIpDatabases open(List<Path> files) {
        for (Path file : files) {
            if (!java.nio.file.Files.isRegularFile(file)) {
                throw new UsageException("no such database file: " + file);
            }
        }
        try {
            return GeoIpDatabases.open(files);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
