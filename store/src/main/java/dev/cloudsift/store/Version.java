package dev.cloudsift.store;

/** The running Cloudsift version, from the jar manifest when packaged. */
public final class Version {
    private Version() {}

    public static String current() {
        String version = Version.class.getPackage().getImplementationVersion();
        return version == null ? "0.1.0-SNAPSHOT" : version;
    }
}
