package dev.cloudsift.store.enrich;

import dev.cloudsift.core.IpAddresses;
import dev.cloudsift.core.Nullable;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Which addresses are worth a GeoIP lookup: public unicast ones. Private, loopback, link-local, shared (CGNAT),
 * documentation, benchmarking, multicast and reserved ranges, the unspecified address (how redacted sources
 * write an address) and anything that is not an IP literal (an AWS service name such as {@code ec2.amazonaws.com})
 * are not: no database has a place for them.
 */
public final class PublicAddresses {
    private PublicAddresses() {}

    /** The address as an {@link InetAddress} when it is public, else null; never resolves a name. */
    public static @Nullable InetAddress parse(@Nullable String text) {
        if (text == null || !IpAddresses.isIpAddress(text) || text.indexOf('%') >= 0) {
            return null;
        }
        InetAddress address;
        try {
            // a validated literal: getByName parses it without asking DNS
            address = InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            return null;
        }
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return null;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            return publicV4(bytes) ? address : null;
        }
        if (address instanceof Inet6Address) {
            return publicV6(bytes) ? address : null;
        }
        return null;
    }

    private static boolean publicV4(byte[] b) {
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        int a2 = b[2] & 0xff;
        return !(a0 == 0                                   // this network
                || a0 == 10 || a0 == 127
                || (a0 == 100 && (a1 & 0xc0) == 64)         // 100.64.0.0/10 shared address space
                || (a0 == 169 && a1 == 254)
                || (a0 == 172 && (a1 & 0xf0) == 16)
                || (a0 == 192 && a1 == 0 && a2 == 0)        // 192.0.0.0/24 IETF protocol assignments
                || (a0 == 192 && a1 == 0 && a2 == 2)        // TEST-NET-1
                || (a0 == 192 && a1 == 88 && a2 == 99)      // 6to4 relay anycast (deprecated)
                || (a0 == 192 && a1 == 168)
                || (a0 == 198 && (a1 & 0xfe) == 18)         // 198.18.0.0/15 benchmarking
                || (a0 == 198 && a1 == 51 && a2 == 100)     // TEST-NET-2
                || (a0 == 203 && a1 == 0 && a2 == 113)      // TEST-NET-3
                || a0 >= 224);                              // multicast, reserved, broadcast
    }

    private static boolean publicV6(byte[] b) {
        int first = b[0] & 0xff;
        if ((first & 0xfe) == 0xfc) {                       // fc00::/7 unique local
            return false;
        }
        if (first == 0x20 && (b[1] & 0xff) == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) {
            return false;                                   // 2001:db8::/32 documentation
        }
        if (first == 0) {
            // ::/8 holds the unspecified, loopback, IPv4-compatible and IPv4-mapped (which Java turns into IPv4)
            // addresses, none of them worth a lookup as IPv6
            return false;
        }
        // global unicast is 2000::/3
        return (first & 0xe0) == 0x20;
    }
}
