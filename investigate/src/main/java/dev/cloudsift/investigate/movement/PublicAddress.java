package dev.cloudsift.investigate.movement;

/**
 * SQL telling a public address from a private one without DuckDB's inet extension (the case loads no extension):
 * a text that looks like an IPv4 or IPv6 address and lies outside the private, shared (100.64/10), loopback,
 * link-local, multicast, reserved and unspecified ranges, and outside IPv6 unique-local, link-local and multicast.
 */
final class PublicAddress {
    private static final String IPV4 = "^[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}$";
    private static final String NOT_PUBLIC_V4 = "^(0\\.|10\\.|127\\.|169\\.254\\.|192\\.168\\.|172\\.(1[6-9]|2[0-9]|3[01])\\."
            + "|100\\.(6[4-9]|[7-9][0-9]|1[01][0-9]|12[0-7])\\.|192\\.0\\.0\\.|198\\.1[89]\\.|22[4-9]\\.|2[3-5][0-9]\\.)";
    private static final String NOT_PUBLIC_V6 = "^(::|::1|f[cd][0-9a-f]{2}:|fe[89ab][0-9a-f]:|ff[0-9a-f]{2}:)";

    private PublicAddress() {}

    /** True when {@code column} holds a public address; false for private, special, null or non-address text. */
    static String sql(String column) {
        return "(CASE WHEN " + column + " IS NULL THEN false"
                + " WHEN regexp_matches(" + column + ", '" + IPV4 + "') THEN NOT regexp_matches(" + column + ", '" + NOT_PUBLIC_V4 + "')"
                + " WHEN contains(" + column + ", ':') AND regexp_matches(lower(" + column + "), '^[0-9a-f:.]+$')"
                + " THEN NOT regexp_matches(lower(" + column + "), '" + NOT_PUBLIC_V6 + "') ELSE false END)";
    }

    /** True when {@code column} holds a private or special address (an address, but not a public one). */
    static String privateSql(String column) {
        return "(" + column + " IS NOT NULL AND (regexp_matches(" + column + ", '" + IPV4 + "') OR contains(" + column
                + ", ':')) AND NOT " + sql(column) + ")";
    }
}
