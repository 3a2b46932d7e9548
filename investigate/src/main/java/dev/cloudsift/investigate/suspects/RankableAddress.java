package dev.cloudsift.investigate.suspects;

import dev.cloudsift.core.IpAddresses;
import dev.cloudsift.core.Nullable;
import java.util.Locale;

/** Which source addresses may be ranked as suspects: real IP literals, not redacted, loopback or unspecified ones. */
final class RankableAddress {
    private RankableAddress() {}

    /** False for service names ({@code s3.amazonaws.com}, {@code AWS Internal}), empty values and placeholders. */
    static boolean test(@Nullable String value) {
        if (value == null || !IpAddresses.isIpAddress(value)) {
            return false;
        }
        String address = value.toLowerCase(Locale.ROOT);
        return !(address.equals("0.0.0.0") || address.startsWith("127.") || address.equals("255.255.255.255")
                || address.equals("::") || address.equals("::1") || address.equals("0:0:0:0:0:0:0:0") || address.equals("0:0:0:0:0:0:0:1"));
    }

    /** True unless private, shared (CGNAT), link-local or unique-local: an address someone outside the network holds. */
    static boolean isPublic(String value) {
        if (IpAddresses.isIpv4(value)) {
            String[] parts = value.split("\\.");
            int a = Integer.parseInt(parts[0]);
            int b = Integer.parseInt(parts[1]);
            return !(a == 10 || (a == 172 && b >= 16 && b <= 31) || (a == 192 && b == 168) || (a == 100 && b >= 64 && b <= 127)
                    || (a == 169 && b == 254) || a == 0 || a == 127);
        }
        String address = value.toLowerCase(Locale.ROOT);
        return !(address.startsWith("fc") || address.startsWith("fd") || address.startsWith("fe8") || address.startsWith("fe9")
                || address.startsWith("fea") || address.startsWith("feb") || address.equals("::1") || address.equals("::"));
    }
}
