package dev.cloudsift.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The SQL of CIDR tests agrees with the Java evaluator ({@link IpNetwork#contains}) on every address text: written
 * edge cases of Java's IPv6 grammar, the first and last address of each block and their neighbours in several
 * spellings, and a seeded stream of near-addresses (groups with extra leading zeros, misplaced colons, dotted quads
 * out of range, IPv4-mapped forms).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CidrSqlTest {
    private static final List<String> WRITTEN = List.of(
            "::", ":::", "::1", ":1", "1:", "1::", "::1:", "1::2::3", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8:9",
            "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8::", "1::2:3:4:5:6:7:8", "1:2:3:4:5:6:7",
            "FC00::1", "fC00::1", "fd12:3456::", "fbff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "fe00::", "fe80::1",
            "febf:ffff::", "fec0::", "fe80::1%eth0", "[fe80::1]", " fe80::1", "fe80::1 ", "fe80:0::1",
            "00000fe80::1", "0fe80::1", "fe800::1", "0000000000000000000000000000000000000000fe80::",
            "00000000000000000000000000000000000000000fe80::", "::ffff:10.0.0.1", "::FFFF:10.0.0.1",
            "0:0:0:0:0:ffff:a00:1", "::ffff:a00:1", "::fffe:a00:1", "::10.0.0.1", "::0a.0.0.1", "::010.000.0.001",
            "::256.0.0.1", "::1.2.3", "::1.2.3.4.5", "::1..3.4", "::.1.2.3", ".::1", "1:2:3:4:5:6:1.2.3.4",
            "1:2:3:4:5:6:7:1.2.3.4", "1:2:3:4:5::1.2.3.4", "1::1.2.3.4", "1.2.3.4::", "::1.2.3.4:5",
            "::0001.0002.0003.0004", "::0000000001.2.3.4", "::00000000001.2.3.4", "2001:db8::", "2001:DB8::",
            "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", "2001:db9::", "2001:db7:ffff:ffff:ffff:ffff:ffff:ffff",
            "2001:db8::/32", "2001:db8:0:0:0:0:0:0:", "x::1", "g::1", "::g", "10.0.0.1", "010.0.0.1", "10.0.0.256",
            "10.0.0", "10.0.0.1.1", "1.2.3.4 ", "0.0.0.0", "255.255.255.255", "172.15.255.255", "172.16.0.0",
            "172.31.255.255", "172.32.0.0", "", ":", ".", "::.", "fe80::١", "ｆｅ80::1");

    private static final List<List<String>> BLOCKS = List.of(
            List.of("::/0"), List.of("fc00::/7"), List.of("fe80::/10"), List.of("2001:db8::/32"), List.of("::/128"),
            List.of("::1/128"), List.of("::a00:0/104"), List.of("2001:db8::8000/113"),
            List.of("2001:db8:1:2:3:4:5:6/128"), List.of("10.0.0.0/8"), List.of("0.0.0.0/0"),
            List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "127.0.0.0/8",
                    "169.254.0.0/16", "fc00::/7", "fe80::/10"),
            List.of("0.0.0.0/0", "::/0"), List.of("2001:db8::/33", "2001:db8:8000::/33", "2001:db8::/48"));

    private Connection connection;
    private List<String> addresses;

    @BeforeAll
    void loadAddresses() throws Exception {
        connection = DriverManager.getConnection("jdbc:duckdb:");
        Set<String> texts = new LinkedHashSet<>(WRITTEN);
        for (List<String> block : BLOCKS) {
            for (String cidr : block) {
                texts.addAll(boundaries(IpNetwork.parse(cidr)));
            }
        }
        texts.addAll(nearAddresses(new Random(20261206), 20_000));
        addresses = new ArrayList<>(texts);
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE addresses (n INTEGER, a VARCHAR)");
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO addresses VALUES (?, ?)")) {
            for (int i = 0; i < addresses.size(); i++) {
                insert.setInt(1, i);
                insert.setString(2, addresses.get(i));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    @AfterAll
    void close() throws Exception {
        connection.close();
    }

    static Stream<List<String>> blocks() {
        return BLOCKS.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("blocks")
    void sqlAgreesWithJavaOnEveryAddressText(List<String> cidrs) throws Exception {
        List<IpNetwork> networks = cidrs.stream().map(IpNetwork::parse).toList();

        List<String> bySql = matching(CidrSql.within("a", networks));

        List<String> byJava = addresses.stream()
                .filter(address -> networks.stream().anyMatch(network -> network.contains(address))).toList();
        assertThat(byJava).as("the corpus reaches inside the blocks").isNotEmpty();
        assertThat(bySql).containsExactlyElementsOf(byJava);
    }

    @Test
    void thousandsOfRangesAreLeftToJava() {
        List<IpNetwork> networks = AwsIpRanges.current().prefixes().stream().map(IpNetwork::parse).toList();

        assertThat(CidrSql.within("a", networks)).isNull();
    }

    @Test
    void manyRangesOfBothFamiliesAgreeWithJava() throws Exception {
        List<String> prefixes = AwsIpRanges.current().prefixes();
        List<IpNetwork> networks = Stream.concat(
                prefixes.stream().filter(prefix -> !prefix.contains(":")).limit(CidrSql.MAX_RANGES),
                prefixes.stream().filter(prefix -> prefix.contains(":")).limit(CidrSql.MAX_RANGES))
                .map(IpNetwork::parse).toList();
        Set<String> texts = new LinkedHashSet<>(addresses.subList(0, 2_000));
        for (IpNetwork network : networks) {
            texts.addAll(boundaries(network));
        }
        List<String> sample = new ArrayList<>(texts);
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE OR REPLACE TEMP TABLE aws_addresses (n INTEGER, a VARCHAR)");
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO aws_addresses VALUES (?, ?)")) {
            for (int i = 0; i < sample.size(); i++) {
                insert.setInt(1, i);
                insert.setString(2, sample.get(i));
                insert.addBatch();
            }
            insert.executeBatch();
        }
        List<String> bySql = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT a FROM aws_addresses WHERE "
                     + CidrSql.within("a", networks) + " ORDER BY n")) {
            while (rows.next()) {
                bySql.add(rows.getString(1));
            }
        }

        List<String> byJava = sample.stream()
                .filter(address -> networks.stream().anyMatch(network -> network.contains(address))).toList();
        assertThat(byJava.size()).isGreaterThan(networks.size());
        assertThat(bySql).containsExactlyElementsOf(byJava);
    }

    @Test
    void aNullValueIsNeverInside() throws Exception {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT coalesce(" + CidrSql.within("CAST(NULL AS VARCHAR)",
                     List.of(IpNetwork.parse("::/0"), IpNetwork.parse("0.0.0.0/0"))) + ", FALSE)")) {
            rows.next();
            assertThat(rows.getBoolean(1)).isFalse();
        }
    }

    private List<String> matching(String predicate) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT a FROM addresses WHERE " + predicate + " ORDER BY n")) {
            while (result.next()) {
                rows.add(result.getString(1));
            }
        }
        return rows;
    }

    /** The first and last address of a block and the addresses either side, in several spellings. */
    private static List<String> boundaries(IpNetwork network) {
        List<String> texts = new ArrayList<>();
        int bits = network.isIpv4() ? 32 : 128;
        BigInteger top = BigInteger.ONE.shiftLeft(bits);
        for (BigInteger value : List.of(network.first().subtract(BigInteger.ONE), network.first(), network.last(),
                network.last().add(BigInteger.ONE))) {
            if (value.signum() < 0 || value.compareTo(top) >= 0) {
                continue;
            }
            if (network.isIpv4()) {
                long number = value.longValueExact();
                texts.add((number >> 24) + "." + ((number >> 16) & 255) + "." + ((number >> 8) & 255) + "." + (number & 255));
            } else {
                int[] groups = new int[8];
                for (int i = 0; i < 8; i++) {
                    groups[i] = value.shiftRight(112 - 16 * i).intValue() & 0xFFFF;
                }
                texts.add(full(groups, false));
                texts.add(full(groups, true).toUpperCase(Locale.ROOT));
                texts.add(compressed(groups));
                texts.add(full(groups, false).substring(0, full(groups, false).lastIndexOf(':', full(groups, false)
                        .lastIndexOf(':') - 1) + 1) + (groups[6] >> 8) + "." + (groups[6] & 255) + "."
                        + (groups[7] >> 8) + "." + (groups[7] & 255));
            }
        }
        return texts;
    }

    private static String full(int[] groups, boolean padded) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            text.append(i == 0 ? "" : ":").append(padded ? String.format("%04x", groups[i])
                    : Integer.toHexString(groups[i]));
        }
        return text.toString();
    }

    /** The longest run of zero groups (two or more) written as {@code ::}. */
    private static String compressed(int[] groups) {
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; i++) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = Math.max(i, j);
        }
        if (bestStart < 0) {
            return full(groups, false);
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < bestStart; i++) {
            text.append(i == 0 ? "" : ":").append(Integer.toHexString(groups[i]));
        }
        text.append("::");
        for (int i = bestStart + bestLength; i < 8; i++) {
            text.append(i == bestStart + bestLength ? "" : ":").append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }

    /** Address-like texts: a few groups, perhaps one or two {@code ::}, perhaps a dotted quad, perhaps a stray character. */
    private static List<String> nearAddresses(Random random, int count) {
        String[] prefixes = {"", "", "", "", "fc00:", "fe80:", "2001:db8:", "::ffff:", "0:0:0:0:0:ffff:", "::", ":"};
        String[] strays = {":", ".", "::", ":::", "g", " ", "%", "x", "0", "/"};
        List<String> texts = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            StringBuilder text = new StringBuilder(prefixes[random.nextInt(prefixes.length)]);
            int groups = random.nextInt(10);
            int compressAt = random.nextInt(3) == 0 ? -1 : random.nextInt(groups + 1);
            for (int i = 0; i < groups; i++) {
                if (i == compressAt) {
                    text.append(text.length() == 0 || text.charAt(text.length() - 1) != ':' ? "::" : ":");
                } else if (i > 0 && text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                    text.append(':');
                }
                text.append(group(random));
            }
            if (compressAt == groups) {
                text.append("::");
            }
            if (random.nextInt(4) == 0) {
                if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                    text.append(':');
                }
                int parts = random.nextInt(8) == 0 ? 3 + 2 * random.nextInt(2) : 4;
                for (int i = 0; i < parts; i++) {
                    int octet = random.nextInt(8) == 0 ? 250 + random.nextInt(10) : random.nextInt(256);
                    text.append(i == 0 ? "" : ".").append("0".repeat(random.nextInt(10) == 0 ? random.nextInt(12) : 0))
                            .append(octet);
                }
            }
            if (random.nextInt(6) == 0) {
                int at = random.nextInt(text.length() + 1);
                text.insert(at, strays[random.nextInt(strays.length)]);
            }
            if (random.nextInt(5) == 0) {
                String upper = text.toString().toUpperCase(Locale.ROOT);
                text.setLength(0);
                text.append(upper);
            }
            texts.add(text.toString());
        }
        return texts;
    }

    private static String group(Random random) {
        String digits = Integer.toHexString(random.nextInt(8) == 0 ? random.nextInt(0x100000) : random.nextInt(0x10000));
        return "0".repeat(random.nextInt(6) == 0 ? random.nextInt(40) : 0) + digits;
    }
}
