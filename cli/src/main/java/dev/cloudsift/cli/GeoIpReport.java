package dev.cloudsift.cli;

import dev.cloudsift.store.enrich.GeoIpCatalogue;
import dev.cloudsift.store.enrich.GeoIpDatabases;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** One or two lines saying what a GeoIP lookup into the case did and with which databases. */
final class GeoIpReport {
    private GeoIpReport() {}

    static void print(GeoIpCatalogue.Result result, GeoIpDatabases databases, boolean replaced, PrintWriter out) {
        List<String> used = new ArrayList<>();
        for (GeoIpDatabases.Database database : new GeoIpDatabases.Database[] {databases.country(), databases.asn()}) {
            if (database != null) {
                used.add(database.label() + " built " + database.built().toLocalDate());
            }
        }
        out.printf(Locale.ROOT, "GeoIP: %,d public address(es) looked up, %,d located; %,d added to the geoip table%s; "
                        + "%,d not looked up (private, reserved, redacted or not an IP).%n",
                result.addresses(), result.located(), result.added(),
                replaced ? ", " + String.format(Locale.ROOT, "%,d", result.changed()) + " changed" : "", result.skipped());
        out.println("GeoIP databases: " + String.join("; ", used));
    }
}
