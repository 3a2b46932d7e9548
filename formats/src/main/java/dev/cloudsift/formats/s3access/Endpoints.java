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
        // Label by label in place: splitting every line's host header into arrays was a tenth of the reader.
        boolean afterS3 = false;
        int from = 0;
        while (from <= aws) {
            int dot = host.indexOf('.', from);
            int to = dot < 0 || dot > aws ? aws : dot;
            if (host.startsWith("s3-", from) && isRegion(host, from + 3, to)) {
                return host.substring(from + 3, to);
            }
            if (afterS3 && isRegion(host, from, to)) {
                return host.substring(from, to);
            }
            int length = to - from;
            if ((length == 2 && host.startsWith("s3", from)) || (length == 14 && host.startsWith("s3-accesspoint", from))
                    || (length == 10 && host.startsWith("s3-control", from))) {
                afterS3 = true;
            }
            from = to + 1;
        }
        return null;
    }

    /** Region codes: two letters, optional gov/iso part, a direction word, a digit (eu-west-1, us-gov-east-1). */
    static boolean isRegion(String text) {
        return isRegion(text, 0, text.length());
    }

    /** {@link #isRegion(String)} of {@code text[from, to)}, without copying it. */
    private static boolean isRegion(String text, int from, int to) {
        // As String.split("-") did, trailing dashes end no part.
        while (to > from && text.charAt(to - 1) == '-') {
            to--;
        }
        int parts = 1;
        int partStart = from;
        for (int i = from; i < to; i++) {
            if (text.charAt(i) == '-') {
                if (i == partStart || (parts == 1 && i - partStart != 2)) {
                    return false;
                }
                parts++;
                partStart = i + 1;
            }
        }
        int lastLength = to - partStart;
        if (parts < 3 || parts > 4 || lastLength < 1 || lastLength > 2) {
            return false;
        }
        for (int i = partStart; i < to; i++) {
            if (!Character.isDigit(text.charAt(i))) {
                return false;
            }
        }
        for (int i = from; i < partStart; i++) {
            char c = text.charAt(i);
            if (c != '-' && (c < 'a' || c > 'z')) {
                return false;
            }
        }
        return true;
    }
}
