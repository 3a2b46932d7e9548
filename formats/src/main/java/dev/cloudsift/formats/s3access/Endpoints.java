package dev.cloudsift.formats.s3access;

import dev.cloudsift.core.Nullable;

/** Reads the region out of an S3 endpoint host name such as {@code bucket.s3.eu-west-1.amazonaws.com}. */
final class Endpoints {
    private Endpoints() {}

    /**
     * The region named by an S3 endpoint ({@code s3.REGION.}, {@code s3-REGION.}, {@code s3.dualstack.REGION.},
     * {@code s3-accesspoint.REGION.}), or null for the legacy global endpoint and anything unknown.
     */
    static @Nullable String region(@Nullable String host) {
        if (host == null) {
            return null;
        }
        int aws = host.indexOf(".amazonaws.com");
        if (aws < 0) {
            return null;
        }
        String[] labels = host.substring(0, aws).split("\\.");
        boolean afterS3 = false;
        for (String label : labels) {
            if (label.startsWith("s3-") && isRegion(label.substring(3))) {
                return label.substring(3);
            }
            if (afterS3 && isRegion(label)) {
                return label;
            }
            if (label.equals("s3") || label.equals("s3-accesspoint") || label.equals("s3-control")) {
                afterS3 = true;
            }
        }
        return null;
    }

    /** Region codes: two letters, optional gov/iso part, a direction word, a digit (eu-west-1, us-gov-east-1). */
    static boolean isRegion(String text) {
        String[] parts = text.split("-");
        if (parts.length < 3 || parts.length > 4 || parts[0].length() != 2) {
            return false;
        }
        String last = parts[parts.length - 1];
        if (last.isEmpty() || last.length() > 2 || !last.chars().allMatch(Character::isDigit)) {
            return false;
        }
        for (int i = 0; i < parts.length - 1; i++) {
            if (parts[i].isEmpty() || !parts[i].chars().allMatch(c -> c >= 'a' && c <= 'z')) {
                return false;
            }
        }
        return true;
    }
}
