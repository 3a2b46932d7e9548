package dev.cloudsift.detect;

import dev.cloudsift.core.Nullable;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Whether a value is an address inside any of some CIDR blocks, as a DuckDB predicate that agrees exactly with
 * {@link IpNetwork#contains} and needs no extension (DuckDB's inet functions are one, and extensions never load).
 * An IPv4 value must be a dotted quad and is compared as a number; an IPv6 value must be a literal
 * {@link IpNetwork#addressBytes} accepts (the grammar of Java's parser: any number of leading zeros in a group, one
 * {@code ::}, a dotted quad at the end, IPv4-mapped addresses excluded since Java reads them as IPv4) and is
 * written out as its 32 hex digits, so that a block is a range of fixed-width strings. The blocks of a list become
 * disjoint sorted ranges searched as a small tree of {@code CASE}. DuckDB pays for each node of such a tree on every
 * vector of rows, so a list of more ranges than {@link #MAX_RANGES} (AWS's published ranges: thousands) is left to
 * the Java evaluator.
 */
final class CidrSql {
    /** Variables bound once per row by single-element {@code list_transform}s (named so as not to meet a column). */
    private static final String ADDRESS = "cidr_address";
    private static final String OCTETS = "cidr_octets";
    private static final String NUMBER = "cidr_number";
    private static final String HEX = "cidr_hex";
    private static final String TEXT = "cidr_text";
    private static final String HALVES = "cidr_halves";
    private static final String GROUPS = "cidr_groups";

    /** Java's IPv4 literal: four decimal octets of one to three digits, each at most 255. */
    private static final String OCTET = "(?:[0-9]{1,2}|[01][0-9]{2}|2[0-4][0-9]|25[0-5])";
    private static final String DOTTED_QUAD = OCTET + "\\." + OCTET + "\\." + OCTET + "\\." + OCTET;
    /** The most first octets the IPv4 test checks as text prefixes before its full test. */
    private static final int MAX_GATED_OCTETS = 16;
    private static final String HEX_GROUP = "0*[0-9a-fA-F]{1,4}";
    private static final String DOTTED = "[0-9]+\\.[0-9]+\\.[0-9]+\\.[0-9]+";
    /** Java's IPv6 literal without the group count: eight groups, or fewer around one {@code ::}. */
    private static final String IPV6_SHAPE = "(?:" + HEX_GROUP + ":)+(?:" + HEX_GROUP + "|" + DOTTED + ")|(?:(?:"
            + HEX_GROUP + ":)*" + HEX_GROUP + ")?::(?:(?:" + HEX_GROUP + ":)*(?:" + HEX_GROUP + "|" + DOTTED + "))?";
    /** The first 96 bits of an IPv4-mapped address, which Java parses as IPv4. */
    private static final String MAPPED = "00000000000000000000ffff";
    /** The most disjoint ranges of one address family a predicate searches. */
    static final int MAX_RANGES = 64;
    /** Ranges at or below which a tree node tests each in turn. */
    private static final int LEAF_RANGES = 4;

    private CidrSql() {}

    /**
     * The predicate: {@code value} (SQL text) is an address inside one of {@code networks}; null when they make more
     * than {@link #MAX_RANGES} disjoint ranges of one family.
     */
    static @Nullable String within(String value, Collection<IpNetwork> networks) {
        List<BigInteger[]> v4 = new ArrayList<>();
        List<BigInteger[]> v6 = new ArrayList<>();
        for (IpNetwork network : networks) {
            (network.isIpv4() ? v4 : v6).add(new BigInteger[] {network.first(), network.last()});
        }
        List<BigInteger[]> v4Ranges = merge(v4);
        List<BigInteger[]> v6Ranges = merge(v6);
        if (v4Ranges.size() > MAX_RANGES || v6Ranges.size() > MAX_RANGES) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        if (!v4Ranges.isEmpty()) {
            parts.add(ipv4(ADDRESS, v4Ranges));
        }
        if (!v6Ranges.isEmpty()) {
            parts.add(ipv6(ADDRESS, v6Ranges));
        }
        return "list_transform([" + value + "], lambda " + ADDRESS + ": " + String.join(" OR ", parts) + ")[1]";
    }

    /**
     * A dotted quad of octets up to 255, compared as a number. The shape is checked first so the rest never fails,
     * and before it, when the ranges start with few first octets, the text's first octet in each spelling Java
     * accepts (up to three digits, so {@code 10.} or {@code 010.}): most addresses then cost a prefix test.
     */
    private static String ipv4(String address, List<BigInteger[]> ranges) {
        Set<Long> firstOctets = new TreeSet<>();
        for (BigInteger[] range : ranges) {
            for (long octet = range[0].shiftRight(24).longValue(); octet <= range[1].shiftRight(24).longValue()
                    && firstOctets.size() <= MAX_GATED_OCTETS; octet++) {
                firstOctets.add(octet);
            }
        }
        StringBuilder gate = new StringBuilder();
        if (firstOctets.size() <= MAX_GATED_OCTETS) {
            for (long octet : firstOctets) {
                for (String digits = Long.toString(octet); digits.length() <= 3; digits = "0" + digits) {
                    gate.append(gate.length() == 0 ? "(" : " OR ").append("starts_with(").append(address)
                            .append(", '").append(digits).append(".')");
                }
            }
            gate.append(") AND ");
        }
        String number = String.format("%1$s[1]::BIGINT * 16777216 + %1$s[2]::BIGINT * 65536 + %1$s[3]::BIGINT * 256 "
                + "+ %1$s[4]::BIGINT", OCTETS);
        return "(CASE WHEN " + gate + "regexp_full_match(" + address + ", '" + DOTTED_QUAD + "') THEN list_transform("
                + "[CAST(string_split(" + address + ", '.') AS UTINYINT[])], lambda " + OCTETS + ": list_transform(["
                + number + "], lambda " + NUMBER + ": " + tree(NUMBER, ranges, 0, ranges.size() - 1, false)
                + ")[1])[1] ELSE FALSE END)";
    }

    /**
     * A literal of the IPv6 shape (checked first, so the rest runs on few rows and never fails), written out as 32
     * hex digits: a final dotted quad becomes two groups, {@code ::} the missing zero groups, each group four digits.
     * Null when the groups do not add up to eight, a dotted quad is out of range, or the address is IPv4-mapped.
     */
    private static String ipv6(String address, List<BigInteger[]> ranges) {
        String quad = "regexp_extract(" + address + ", '[0-9.]+$')";
        List<String> octets = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            octets.add("TRY_CAST(split_part(" + quad + ", '.', " + i + ") AS BIGINT)");
        }
        String text = "CASE WHEN strpos(" + address + ", '.') = 0 THEN " + address + " WHEN length(" + quad
                + ") <= 15 AND " + String.join(" <= 255 AND ", octets) + " <= 255 THEN left(" + address
                + ", length(" + address + ") - length(" + quad + ")) || printf('%x:%x', " + octets.get(0)
                + " * 256 + " + octets.get(1) + ", " + octets.get(2) + " * 256 + " + octets.get(3) + ") END";
        String noGroups = "CAST([] AS VARCHAR[])";
        String groups = "[CASE WHEN " + HALVES + "[1] = '' THEN " + noGroups + " ELSE string_split(" + HALVES
                + "[1], ':') END, CASE WHEN len(" + HALVES + ") < 2 OR " + HALVES + "[2] = '' THEN " + noGroups
                + " ELSE string_split(" + HALVES + "[2], ':') END]";
        String count = "(len(" + GROUPS + "[1]) + len(" + GROUPS + "[2]))";
        String digits = "CASE WHEN (len(" + HALVES + ") = 1 AND " + count + " = 8) OR (len(" + HALVES + ") = 2 AND "
                + count + " <= 7) THEN array_to_string(list_transform(list_concat(" + GROUPS + "[1], "
                + "list_transform(range(8 - " + count + "), lambda cidr_zero: '0'), " + GROUPS + "[2]), "
                + "lambda cidr_group: lpad(ltrim(lower(cidr_group), '0'), 4, '0')), '') END";
        String hex = "list_transform([string_split(" + TEXT + ", '::')], lambda " + HALVES + ": list_transform(["
                + groups + "], lambda " + GROUPS + ": " + digits + ")[1])[1]";
        String normalised = "list_transform([" + text + "], lambda " + TEXT + ": " + hex + ")[1]";
        return "(CASE WHEN strpos(" + address + ", ':') > 0 AND length(" + address + ") <= 45 AND regexp_full_match("
                + address + ", '" + IPV6_SHAPE + "') THEN coalesce(list_transform([" + normalised + "], lambda " + HEX
                + ": NOT starts_with(" + HEX + ", '" + MAPPED + "') AND " + tree(HEX, ranges, 0, ranges.size() - 1, true)
                + ")[1], FALSE) ELSE FALSE END)";
    }

    /** A search of sorted disjoint ranges: halve on a range's start until a few remain, then test each. */
    private static String tree(String subject, List<BigInteger[]> ranges, int from, int to, boolean hex) {
        if (to - from < LEAF_RANGES) {
            List<String> tests = new ArrayList<>();
            for (int i = from; i <= to; i++) {
                tests.add(subject + " BETWEEN " + bound(ranges.get(i)[0], hex) + " AND " + bound(ranges.get(i)[1], hex));
            }
            return "(" + String.join(" OR ", tests) + ")";
        }
        int middle = (from + to + 1) / 2;
        return "(CASE WHEN " + subject + " < " + bound(ranges.get(middle)[0], hex) + " THEN "
                + tree(subject, ranges, from, middle - 1, hex) + " ELSE " + tree(subject, ranges, middle, to, hex)
                + " END)";
    }

    private static String bound(BigInteger value, boolean hex) {
        if (!hex) {
            return value.toString();
        }
        String digits = value.toString(16);
        return "'" + "0".repeat(32 - digits.length()) + digits + "'";
    }

    /** The ranges sorted by start, overlapping or adjacent ones joined. */
    private static List<BigInteger[]> merge(List<BigInteger[]> ranges) {
        List<BigInteger[]> sorted = new ArrayList<>(ranges);
        sorted.sort(Comparator.comparing((BigInteger[] range) -> range[0]));
        List<BigInteger[]> merged = new ArrayList<>();
        for (BigInteger[] range : sorted) {
            BigInteger[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && range[0].compareTo(last[1].add(BigInteger.ONE)) <= 0) {
                last[1] = last[1].max(range[1]);
            } else {
                merged.add(range.clone());
            }
        }
        return merged;
    }
}
